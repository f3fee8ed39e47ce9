import { Placeholder } from './Placeholder';

export default function CatalogScreen() {
  return <Placeholder title="nav.catalog" />;
}
