import { Placeholder } from './Placeholder';

export default function ReceiveScreen() {
  return <Placeholder title="nav.receive" />;
}
