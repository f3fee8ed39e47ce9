/**
 * The station under fuzzing, in its own process: the fuzzer and the station each get a core, and a
 * crash is a process that exits, as in a shop. `node --import tsx tests/api/fuzz-station.ts <db> <options-json>`
 * prints one JSON line ({ url }) once it listens. No last-resort guard here: nothing may be caught for it.
 */
import { startStation, type StationOptions } from '../../server/station';

const [dbFile, json] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}') as Partial<StationOptions>;
const station = await startStation({ dbFile: dbFile ?? '', port: 0, staticDir: null, ...options });
process.stdout.write(`${JSON.stringify({ url: station.url })}\n`);
process.on('SIGTERM', () => void station.close().then(() => process.exit(0)));
