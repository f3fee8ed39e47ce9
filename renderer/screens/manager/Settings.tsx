import { Placeholder } from './Placeholder';

export default function SettingsScreen() {
  return <Placeholder title="nav.settings" />;
}
