import type { AddressInfo } from 'node:net';
import { migrate, openPool, type Pool } from './db';
import { createHqServer, type HqRoute, type HqTls } from './http';
import { HQ_AFTER_INGEST, HQ_ROUTES } from './routes';
import { registerShop } from './shops';

export interface HqOptions {
  /** postgres://user@host:port/database */
  db: string;
  port: number;
  host?: string;
  adminKey: string;
  /** Shops to register (or re-key) at start: what `--shop id:key[:name]` gives. */
  shops?: { id: string; key: string; name?: string }[];
  routes?: HqRoute[];
  afterIngest?: ((pool: Pool, shopId: string) => Promise<unknown>)[];
  /** HTTPS with this certificate (hq/main.ts makes or reads it); plain HTTP without. */
  tls?: HqTls | null;
}

export interface Hq {
  url: string;
  pool: Pool;
  schemaVersion: number;
  close(): Promise<void>;
}

export async function startHq(options: HqOptions): Promise<Hq> {
  const pool = openPool(options.db);
  const schemaVersion = await migrate(pool);
  for (const s of options.shops ?? [])
    await registerShop(pool, { id: s.id, key: s.key, name: s.name ?? s.id });
  const server = createHqServer(
    { pool, adminKey: options.adminKey, afterIngest: options.afterIngest ?? HQ_AFTER_INGEST },
    options.routes ?? HQ_ROUTES,
    options.tls ?? null,
  );
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://${address.address}:${address.port}`,
    pool,
    schemaVersion,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => void pool.end().then(resolveClose, resolveClose));
      }),
  };
}
