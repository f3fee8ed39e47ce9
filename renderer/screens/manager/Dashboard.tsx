import { Placeholder } from './Placeholder';

export default function DashboardScreen() {
  return <Placeholder title="nav.dashboard" />;
}
