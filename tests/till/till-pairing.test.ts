import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { startTill, type RunningTill } from '../../till/main';
import { TillDb } from '../../till/till-db';
import { LAN_IP, lanShop, localCall } from '../api/tills-helpers';
import { api } from './processes';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.skipIf(!LAN_IP)('a till host pairs with a LAN station over TLS (issue 11)', () => {
  it('pairs with the souk-pair code, sells as its till over the pinned connection, and keeps the pairing across restarts', async () => {
    const { f, station, managerToken } = await lanShop();
    cleanups.push(async () => {
      await station.close();
      rmSync(f.dir, { recursive: true, force: true });
    });
    const created = await localCall(
      station,
      'tills.create',
      { id: 'T2', name: 'Caisse entrée' },
      managerToken,
    );
    expect(created.ok, created.message).toBe(true);
    const fullCode = created.result.pairing.fullCode as string;
    expect(fullCode).toMatch(/^souk-pair:/);
    const dir = mkdtempSync(join(tmpdir(), 'souk-till-pair-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    let till: RunningTill = await startTill({
      dir,
      pairCode: fullCode,
      staticDir: null,
      onlineTimeoutMs: 15_000,
    });
    expect(till.host.tillId).toBe('T2');
    expect(till.host.stationUrl).toBe(station.lanUrl);
    let cashier = await api(till.url, 'auth.login', { userId: f.users.cashier.id, pin: '1357' });
    expect(cashier.ok, JSON.stringify(cashier.error)).toBe(true);
    expect((await api(till.url, 'cash.open', { openingFloat: 5000 }, cashier.result.token)).ok).toBe(true);
    const sale = await api(
      till.url,
      'sales.checkout',
      {
        clientId: 'paired-till-sale-1',
        lines: [{ productId: f.products.amlou.id, quantity: 1000 }],
        payments: [{ method: 'card', amount: 6550 }],
      },
      cashier.result.token,
    );
    expect(sale.result).toMatchObject({ tillId: 'T2', receiptNo: 1, total: 6550 });
    expect(sale.result.id).toBeLessThan(2 ** 40);
    await till.close();

    // A later start needs no code: till.db kept the till, its token, the address and the fingerprint.
    till = await startTill({ dir, staticDir: null, onlineTimeoutMs: 15_000 });
    cleanups.push(() => till.close());
    expect(till.host.tillId).toBe('T2');
    cashier = await api(till.url, 'auth.login', { userId: f.users.cashier.id, pin: '1357' });
    expect(cashier.ok).toBe(true);
    const again = await api(
      till.url,
      'sales.checkout',
      {
        clientId: 'paired-till-sale-2',
        lines: [{ productId: f.products.amlou.id, quantity: 1000 }],
        payments: [{ method: 'card', amount: 6550 }],
      },
      cashier.result.token,
    );
    expect(again.result).toMatchObject({ tillId: 'T2', receiptNo: 2 });
    const db = openDatabase(f.file, { readonly: true, migrate: false });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM sales WHERE till_id = 'T2'").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('sends nothing to a station whose certificate is not the pinned one: it sells offline instead', async () => {
    const { f, station, managerToken } = await lanShop();
    cleanups.push(async () => {
      await station.close();
      rmSync(f.dir, { recursive: true, force: true });
    });
    const created = await localCall(station, 'tills.create', { id: 'T3', name: 'Caisse fond' }, managerToken);
    const dir = mkdtempSync(join(tmpdir(), 'souk-till-pin-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await startTill({ dir, pairCode: created.result.pairing.fullCode, staticDir: null });
    await first.close();
    // The pinned fingerprint no longer matches (a station impersonated, or its certificate replaced).
    const tdb = new TillDb(join(dir, 'till.db'));
    tdb.set('stationFingerprint', 'AA:'.repeat(31) + 'AA');
    tdb.close();
    const till = await startTill({ dir, staticDir: null });
    cleanups.push(() => till.close());
    const login = await api(till.url, 'auth.login', { userId: f.users.cashier.id, pin: '1357' });
    expect(login.error?.code).toBe('STATION_UNREACHABLE');
    expect(login.error?.message).toMatch(/not the paired station/);
    expect(till.host.status().online).toBe(false);
  });
});
