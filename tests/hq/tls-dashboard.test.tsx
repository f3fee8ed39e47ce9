// @vitest-environment jsdom
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cleanup, render, screen } from '@testing-library/react';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call } from '../../renderer/api/client';
import { useI18n } from '../../renderer/i18n';
import DashboardScreen from '../../renderer/screens/manager/Dashboard';
import { useSession } from '../../renderer/stores/session';
import { freePort } from '../../hq/pg-cluster';
import { startHq, type Hq } from '../../hq/service';
import type { StationSetup } from '../helpers/station';
import { describePg, usePostgres } from '../helpers/postgres';
import { useTillStation } from '../helpers/till-station';

const KEY = 'tls-dash-shop-key-0123456789';

/**
 * A self-signed certificate from the library the station and HQ use (server/tls.ts), made in a child
 * process: under jsdom the library's WebCrypto calls fail on the window's ArrayBuffer.
 */
function selfSigned(): { key: string; cert: string; fingerprint: string } {
  const script = `import { generate } from 'selfsigned';
const p = await generate([{ name: 'commonName', value: 'Souk HQ' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
process.stdout.write(JSON.stringify({ key: p.private, cert: p.cert }));`;
  const out = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  ) as {
    key: string;
    cert: string;
  };
  return { ...out, fingerprint: new X509Certificate(out.cert).fingerprint256 };
}

/**
 * A station pinning HQ's certificate reaches a server presenting another one (a man in the middle, or an
 * HQ whose certificate was replaced without telling the shops): the manager reads why, in their language.
 */
describePg("the manager's dashboard says when the server reached is not HQ", () => {
  const pg = usePostgres();
  let hq: Hq | null = null;
  const setup: StationSetup = { station: { reportWorkers: 0 } };
  beforeAll(async () => {
    const pinned = selfSigned();
    const other = selfSigned();
    const port = await freePort();
    hq = await startHq({
      db: pg.current.url,
      port,
      adminKey: 'tls-dash-admin',
      shops: [{ id: 'dash', key: KEY }],
      tls: { key: other.key, cert: other.cert },
    });
    setup.station!.hq = {
      url: `https://127.0.0.1:${port}`,
      shopId: 'dash',
      key: KEY,
      fingerprint: pinned.fingerprint,
      minBackoffMs: 200,
      maxBackoffMs: 1_000,
    };
  }, 120_000);
  const f = useTillStation(setup);
  afterAll(async () => {
    await hq?.close();
  });

  it('shows HQ_CERT_MISMATCH in French and Arabic, and nothing reached the server', async () => {
    await useSession.getState().login(f.users.manager.id, '2468');
    await expect
      .poll(
        async () => ((await call('hq.status', {})) as { lastError: { code: string } | null }).lastError?.code,
        {
          timeout: 60_000,
        },
      )
      .toBe('HQ_CERT_MISMATCH');
    render(<DashboardScreen />);
    expect((await screen.findByTestId('hq-push')).textContent).toMatch(
      /Le serveur joint n'est pas le siège : son certificat n'est pas celui configuré\. Rien ne lui a été envoyé/,
    );
    cleanup();
    useI18n.getState().setLang('ar');
    render(<DashboardScreen />);
    expect((await screen.findByTestId('hq-push')).textContent).toMatch(/الخادم المتصل به ليس المقر/);
    const at = await hq!.pool.query<{ n: number; reported: number | null }>(
      "SELECT (SELECT count(*)::int FROM hq_events WHERE shop_id = 'dash') AS n, reported_seq AS reported FROM hq_shops WHERE id = 'dash'",
    );
    expect(at.rows[0]).toEqual({ n: 0, reported: null });
  });
});
