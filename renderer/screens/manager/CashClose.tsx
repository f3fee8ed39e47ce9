import { Placeholder } from './Placeholder';

export default function CashCloseScreen() {
  return <Placeholder title="nav.cashClose" />;
}
