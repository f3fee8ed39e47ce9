import { Placeholder } from './Placeholder';

export default function StockScreen() {
  return <Placeholder title="nav.stock" />;
}
