import { buildStation } from '../server/build';
import { catalogDatabase } from './data/catalog-db';
import { startStation } from './station-client';
import { row, type BenchRow } from './types';

/** Spawns a station on the 300,000-product database and times the wait for its first API answer. */
async function startOnce(main: string, dbFile: string): Promise<number> {
  const station = await startStation(main, dbFile, { pollMs: 5, readyTimeoutMs: 30_000 });
  await station.stop();
  return station.readyMs;
}

export async function startupBench(n = 5): Promise<BenchRow[]> {
  const name = 'station start -> first answer (300k products)';
  // Measured on the bundle a shop runs, not on tsx compiling the sources at every start.
  const main = await buildStation();
  const { file } = catalogDatabase();
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) samples.push(await startOnce(main, file));
  } catch (err) {
    return [
      {
        name,
        p50: null,
        p99: null,
        n: samples.length,
        unit: 'ms',
        note: `failed: ${(err as Error).message}`,
      },
    ];
  }
  return [row(name, samples, 'ms', { on: 'p50', max: 1000 })];
}
