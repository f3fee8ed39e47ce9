// @vitest-environment jsdom
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

const KEY = 'dashboard-shop-key-0123456789';

describePg("the manager's dashboard says how far the journal has reached HQ", () => {
  const pg = usePostgres();
  let port = 0;
  let hq: Hq | null = null;
  // Filled in before the station starts: it pushes to a port where HQ is not listening yet.
  const setup: StationSetup = { station: { reportWorkers: 0 } };
  beforeAll(async () => {
    port = await freePort();
    setup.station!.hq = {
      url: `http://127.0.0.1:${port}`,
      shopId: 'dash',
      key: KEY,
      minBackoffMs: 200,
      maxBackoffMs: 1_000,
    };
  });
  const f = useTillStation(setup);
  afterAll(async () => {
    await hq?.close();
  });

  const status = async () =>
    (await call('hq.status', {})) as { lag: number; lastError: { code: string } | null };

  it('shows HQ down while it is, then up to date, in French and Arabic', async () => {
    await useSession.getState().login(f.users.manager.id, '2468');
    await expect
      .poll(async () => (await status()).lastError?.code, { timeout: 60_000 })
      .toBe('HQ_UNREACHABLE');
    const head = (await status()) as unknown as { headSeq: number };
    render(<DashboardScreen />);
    const down = (await screen.findByTestId('hq-push')).textContent ?? '';
    expect(down).toMatch(
      new RegExp(
        `^Siège : journal reçu jusqu’à l’entrée 0 · ${head.headSeq} entrées en attente · dernier essai .+ : Le siège ne répond pas`,
      ),
    );
    cleanup();

    hq = await startHq({
      db: pg.current.url,
      port,
      adminKey: 'dash-admin',
      shops: [{ id: 'dash', key: KEY }],
    });
    await expect.poll(async () => (await status()).lag, { timeout: 60_000 }).toBe(0);
    const { ackedSeq } = (await status()) as unknown as { ackedSeq: number };
    render(<DashboardScreen />);
    expect((await screen.findByTestId('hq-push')).textContent).toBe(
      `Siège : journal reçu jusqu’à l’entrée ${ackedSeq} · à jour`,
    );
    cleanup();
    useI18n.getState().setLang('ar');
    render(<DashboardScreen />);
    expect((await screen.findByTestId('hq-push')).textContent).toBe(
      `المقر: وصل السجل حتى القيد ${ackedSeq} · محدّث`,
    );
  });
});
