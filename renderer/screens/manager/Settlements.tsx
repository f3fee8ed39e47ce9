import { Placeholder } from './Placeholder';

export default function SettlementsScreen() {
  return <Placeholder title="nav.settlements" />;
}
