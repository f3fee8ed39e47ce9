// @vitest-environment jsdom
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setToken, setTransport } from '../../renderer/api/client';
import { httpTransport } from '../../renderer/api/transport';
import { OfflineBanner } from '../../renderer/components/OfflineBanner';
import { useI18n } from '../../renderer/i18n';
import { startStation, type Station } from '../../server/station';
import { startTill, type RunningTill } from '../../till/main';
import { makeFixture } from '../db/fixture';
// The till host's envelope, straight over HTTP (the banner's own calls go through the renderer's client).
import { postApi as api } from '../helpers/api-call';

// The banner asks the till host every 2 s.
configure({ asyncUtilTimeout: 20_000 });

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  cleanup();
  setToken(null);
  for (const c of cleanups.reverse()) await c();
});

describe('offline banner (issue 11)', () => {
  it('says nothing online, says the till is offline with the count of waiting sales, then that they are sent', async () => {
    const f = makeFixture();
    const { oil } = f.products;
    const cashierId = f.users.cashier.id;
    f.db.close();
    let station: Station | null = await startStation({
      dbFile: f.file,
      port: 0,
      staticDir: null,
      reportWorkers: 0,
    });
    const port = Number(new URL(station.url).port);
    const dir = mkdtempSync(join(tmpdir(), 'souk-banner-'));
    const till: RunningTill = await startTill({ dir, stationUrl: station.url, staticDir: null });
    cleanups.push(async () => {
      await till.close();
      await station?.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(f.dir, { recursive: true, force: true });
    });
    setTransport(httpTransport(till.url));
    useI18n.getState().setLang('fr');
    let token = (await api(till.url, 'auth.login', { userId: cashierId, pin: '1357' })).result
      .token as string;
    await waitFor(() => expect(till.host.status().catalogProducts).toBe(3));

    render(<OfflineBanner />);
    await waitFor(() => expect(till.host.status().online).toBe(true));
    expect(screen.queryByRole('status')).toBeNull();

    await station.close();
    station = null;
    for (const n of [1, 2]) {
      const r = await api(
        till.url,
        'sales.checkout',
        {
          clientId: `banner-sale-${n}`,
          lines: [{ productId: oil.id, quantity: 1000 }],
          payments: [{ method: 'card', amount: 12000 }],
        },
        token,
      );
      expect(r.ok).toBe(true);
    }
    const banner = await screen.findByRole('status');
    await waitFor(() => expect(banner.textContent).toBe('Hors ligne · 2 ventes en attente'));
    useI18n.getState().setLang('ar');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('غير متصل · بيعان في الانتظار'));
    useI18n.getState().setLang('fr');

    station = await startStation({ dbFile: f.file, port, staticDir: null, reportWorkers: 0 });
    token = (await api(till.url, 'auth.login', { userId: cashierId, pin: '1357' })).result.token as string;
    expect(token).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(till.host.status().queued).toBe(0);
  });
});
