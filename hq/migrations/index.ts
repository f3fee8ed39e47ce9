import { sql as events } from './001-events';
import { sql as chainProjections } from './002-chain-projections';
import { sql as chainRollups } from './003-chain-rollups';
import { sql as chainCatalog } from './004-chain-catalog';
import { sql as flagClearances } from './005-flag-clearances';

/**
 * HQ's numbered migrations; index + 1 is the version recorded in schema_version. Add a file
 * (NNN-name.ts exporting `sql`) and one line here; never edit one that has shipped.
 */
// Versions are positions (file NNN is version NNN): append new migrations at the end.
export const HQ_MIGRATIONS: readonly string[] = [
  events,
  chainProjections,
  chainRollups,
  chainCatalog,
  flagClearances,
];
export const HQ_SCHEMA_VERSION = HQ_MIGRATIONS.length;
