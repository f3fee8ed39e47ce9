import { sql as init } from './001-init';

/** Numbered migrations; index + 1 is the schema version stored in PRAGMA user_version. */
export const MIGRATIONS: readonly string[] = [init];
export const SCHEMA_VERSION = MIGRATIONS.length;
