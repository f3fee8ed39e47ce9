import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HQ_SHOPS_PATH } from '../../core/hq-wire';
import { openDatabase } from '../../db/open';
import { checkout } from '../../db/services/checkout';
import { HqPusher, hqPushStatus } from '../../db/services/hq-push';
import { Store } from '../../db/store';
import { startHq, type Hq } from '../../hq/service';
import { registerShop } from '../../hq/shops';
import { verifyShopChain } from '../../hq/verify';
import { pinHqLink } from '../../server/hq-tls';
import { pinnedFetch } from '../../server/pinned-fetch';
import { stationTls, type StationTls } from '../../server/tls';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { dropGuards } from './push-attacker';

/**
 * A flagged shop, looked at and cleared by HQ staff (hq/flags.ts states the rule): a shop station restores
 * the wrong backup (its journal now shorter than what HQ holds) and is flagged; the right file comes back
 * but the push stays refused until an admin, signed in to the dashboard over HTTPS, reads the finding
 * (HQ's entry and hash against the shop's) and clears it with a name and a reason; then the push resumes
 * after HQ's last entry, and the clearance is journaled. A history that still conflicts is flagged again.
 */
const ADMIN = 'flag-admin-key-0123456789';
const SHOP = { id: 'fes', name: 'Boutique Fès', key: 'flag-key-fes-0123456789' };
const FAST = { minBackoffMs: 50, maxBackoffMs: 200, pollMs: 50, requestTimeoutMs: 10_000 };

describePg('clearing a flagged shop (real PostgreSQL, HQ on HTTPS, real shop files)', () => {
  const pg = usePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'souk-hq-flag-'));
  let hq: Hq;
  let tls: StationTls;
  let f: Fixture;
  const stores: Store[] = [];
  const pushers: HqPusher[] = [];

  beforeAll(async () => {
    tls = await stationTls(join(dir, 'hq'), [], 'Souk HQ');
    hq = await startHq({
      db: pg.current.url,
      port: 0,
      adminKey: ADMIN,
      shops: [SHOP],
      tls: { key: tls.key, cert: tls.cert },
    });
    f = makeFixture();
  }, 120_000);
  afterAll(async () => {
    for (const p of pushers) await p.stop();
    for (const s of stores) s.db.close();
    for (const o of others) o.close();
    f?.close();
    await hq?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const others: Fixture[] = [];
  const sell = (store: Store) => {
    f.tick(60_000);
    checkout(store, f.asCashier, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'cash', amount: 12_000, tendered: 20_000 }],
    });
  };
  const head = (store: Store) =>
    store.get<{ seq: number; hash: string }>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1')!;
  const pushFrom = (store: Store, shop: { id: string; key: string } = SHOP) => {
    const p = new HqPusher(store, {
      ...pinHqLink({ url: hq.url, shopId: shop.id, key: shop.key, fingerprint: tls.fingerprint }),
      ...FAST,
    });
    pushers.push(p);
    p.start();
    return p;
  };
  const stopAll = async () => {
    for (const p of pushers.splice(0)) await p.stop();
  };
  const held = async () =>
    (
      await hq.pool.query<{ last_seq: number; held_at: number | null; reported_seq: number | null }>(
        'SELECT last_seq, held_at, reported_seq FROM hq_shops WHERE id = $1',
        [SHOP.id],
      )
    ).rows[0]!;
  const hqHash = async (seq: number) =>
    (
      await hq.pool.query<{ hash: string }>('SELECT hash FROM hq_events WHERE shop_id = $1 AND seq = $2', [
        SHOP.id,
        seq,
      ])
    ).rows[0]?.hash;
  const openCopy = (file: string) => {
    const s = new Store(openDatabase(file), { tillId: 'T1', now: () => Date.now() });
    stores.push(s);
    return s;
  };

  /** HQ over its pinned HTTPS, as a staff member's browser would (cookie kept by the caller). */
  const staff = (
    path: string,
    init: { method?: string; form?: Record<string, string>; cookie?: string } = {},
  ) =>
    pinnedFetch(`${hq.url}${path}`, tls.fingerprint, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });

  it('holds a shop whose journal went back to an old backup, even once the right file is back, until cleared', async () => {
    sell(f.store);
    sell(f.store);
    pushFrom(f.store);
    await expect.poll(async () => (await held()).last_seq, { timeout: 60_000 }).toBe(head(f.store).seq);
    // The backup the station will be wrongly restored from, then two more sales HQ receives.
    const backup = join(dir, 'backup.db');
    f.db.exec(`VACUUM INTO '${backup}'`);
    sell(f.store);
    sell(f.store);
    const hqHead = head(f.store);
    await expect.poll(async () => (await held()).last_seq, { timeout: 60_000 }).toBe(hqHead.seq);
    await stopAll();

    // The wrong backup restored: its head is behind what HQ holds. Flagged, held.
    const old = openCopy(backup);
    const oldHead = head(old);
    pushFrom(old);
    await expect.poll(() => hqPushStatus(old, null).flagged, { timeout: 60_000 }).toMatch(/truncated/);
    expect((await held()).held_at).not.toBeNull();
    await stopAll();

    // The right file back, one more sale: its history agrees with HQ's again, yet nothing is taken.
    sell(f.store);
    pushFrom(f.store);
    await expect.poll(async () => (await held()).reported_seq, { timeout: 60_000 }).toBe(head(f.store).seq);
    await expect
      .poll(() => hqPushStatus(f.store, null).lastError?.code, { timeout: 30_000 })
      .toBe('HQ_SHOP_FLAGGED');
    expect((await held()).last_seq).toBe(hqHead.seq);
    expect(hqPushStatus(f.store, null).lag).toBe(1);

    // HQ staff sign in and read the finding: HQ's entry and hash against what the shop showed.
    const login = await staff('/hq/dashboard/login', { method: 'POST', form: { key: ADMIN } });
    expect(login.status).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await staff('/hq/dashboard/flags?lang=fr', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`data-shop="fes" data-held="true"`);
    expect(page.body).toContain('data-kind="truncated"');
    expect(page.body).toContain(`data-expected-seq="${hqHead.seq}" data-expected-hash="${hqHead.hash}"`);
    expect(page.body).toContain(`data-received-seq="${oldHead.seq}" data-received-hash="${oldHead.hash}"`);
    expect(page.body).toContain('Journal raccourci');
    expect(page.body).toContain(`l’envoi reprend après l’entrée ${hqHead.seq}`);
    const ar = await staff('/hq/dashboard/flags?lang=ar', { cookie });
    expect(ar.body).toContain('dir="rtl"');
    expect(ar.body).toContain('سجل مُقتطع');
    expect((await staff('/hq/dashboard/flags?lang=en', { cookie })).body).toContain('1 open finding');
    // Without a session, the page is the sign-in form, and a clear is refused.
    expect((await staff('/hq/dashboard/flags')).status).toBe(401);
    const anonymous = await staff('/hq/dashboard/flags/fes/clear', {
      method: 'POST',
      form: { by: 'Someone', reason: 'let me in' },
    });
    expect(anonymous.status).toBe(401);
    // A clear without a reason is refused, saying why; still held.
    const noReason = await staff('/hq/dashboard/flags/fes/clear?lang=fr', {
      method: 'POST',
      form: { by: 'Samira Alaoui', reason: ' ' },
      cookie,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toContain('Indiquez votre nom et un motif');
    expect((await held()).held_at).not.toBeNull();

    // Cleared with a name and a reason: the push resumes after HQ's last entry, and the shop sees it.
    const reason =
      'Sauvegarde du 1er restaurée par erreur ; le bon fichier est revenu, vérifié entrée par entrée.';
    const cleared = await staff('/hq/dashboard/flags/fes/clear?lang=fr', {
      method: 'POST',
      form: { by: 'Samira Alaoui', reason },
      cookie,
    });
    expect(cleared.status).toBe(303);
    expect(cleared.headers.location).toBe('/hq/dashboard/flags?lang=fr&cleared=fes');
    await expect.poll(async () => (await held()).last_seq, { timeout: 60_000 }).toBe(head(f.store).seq);
    await expect
      .poll(() => hqPushStatus(f.store, null), { timeout: 30_000 })
      .toMatchObject({
        flagged: null,
        lastError: null,
        lag: 0,
      });
    expect(await verifyShopChain(hq.pool, SHOP.id)).toEqual({
      ok: true,
      entries: head(f.store).seq,
      brokenAt: null,
    });
    expect(await hqHash(head(f.store).seq)).toBe(head(f.store).hash);

    // Journaled at HQ: who, when, why, the agreed resume point, the finding it closed.
    const api = await pinnedFetch(`${hq.url}${HQ_SHOPS_PATH}/fes/flags`, tls.fingerprint, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const view = JSON.parse(api.body) as {
      heldAt: number | null;
      open: unknown[];
      clearances: {
        by: string;
        reason: string;
        resumeSeq: number;
        resumeHash: string;
        flags: number;
        at: number;
      }[];
    };
    expect(view).toMatchObject({ heldAt: null, open: [] });
    expect(view.clearances).toEqual([
      expect.objectContaining({
        by: 'Samira Alaoui',
        reason,
        resumeSeq: hqHead.seq,
        resumeHash: hqHead.hash,
        flags: 1,
      }),
    ]);
    expect(Date.now() - view.clearances[0]!.at).toBeLessThan(600_000);
    const closed = await hq.pool.query<{ cleared_id: number | null }>(
      'SELECT cleared_id FROM hq_flags WHERE shop_id = $1',
      [SHOP.id],
    );
    expect(closed.rows.map((r) => r.cleared_id !== null)).toEqual([true]);
    const after = await staff('/hq/dashboard/flags?lang=fr&cleared=fes', { cookie });
    expect(after.body).toContain('Signalement levé pour fes.');
    expect(after.body).toContain('Samira Alaoui');
    expect(after.body).toContain(`data-shop="fes" data-held="false"`);
    // Nothing left to clear.
    const again = await pinnedFetch(`${hq.url}${HQ_SHOPS_PATH}/fes/flags/clear`, tls.fingerprint, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'Samira Alaoui', reason: 'once more' }),
    });
    expect(again.status).toBe(404);
    // The form sent twice (a double click, a reload): the flags page again with a notice, not a raw error.
    for (const [lang, notice] of [
      ['fr', 'Rien à lever pour fes : son signalement est déjà levé.'],
      ['en', 'Nothing to clear for fes: its flag is already cleared.'],
    ] as const) {
      const twice = await staff(`/hq/dashboard/flags/fes/clear?lang=${lang}`, {
        method: 'POST',
        form: { by: 'Samira Alaoui', reason },
        cookie,
      });
      expect(twice.status).toBe(409);
      expect(twice.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(twice.body).toContain(notice);
      expect(twice.body).toContain(`data-shop="fes" data-held="false"`);
    }
    const arTwice = await staff('/hq/dashboard/flags/fes/clear?lang=ar', {
      method: 'POST',
      form: { by: 'Samira Alaoui', reason },
      cookie,
    });
    expect(arTwice.body).toContain('لا شيء يُرفع عن fes');
    await stopAll();
  }, 240_000);

  it('a clearance does not excuse a history that still conflicts: flagged and held again at once', async () => {
    const before = (await held()).last_seq;
    const old = openCopy(join(dir, 'backup.db'));
    pushFrom(old);
    await expect.poll(async () => (await held()).held_at, { timeout: 60_000 }).not.toBeNull();
    await expect.poll(() => hqPushStatus(old, null).flagged, { timeout: 30_000 }).toMatch(/truncated/);
    await stopAll();
    const flags = await hq.pool.query<{ cleared_id: number | null; refused: boolean }>(
      'SELECT cleared_id, refused FROM hq_flags WHERE shop_id = $1 ORDER BY id',
      [SHOP.id],
    );
    // The first finding stays closed by its clearance; a new one is open and holds the push.
    expect(flags.rows.map((r) => [r.cleared_id !== null, r.refused])).toEqual([
      [true, true],
      [false, true],
    ]);
    expect((await held()).last_seq).toBe(before);
    // The right file is refused too until this new finding is cleared.
    sell(f.store);
    pushFrom(f.store);
    await expect.poll(async () => (await held()).reported_seq, { timeout: 60_000 }).toBe(head(f.store).seq);
    expect((await held()).last_seq).toBe(before);
  }, 120_000);

  it('a finding on entries that chain (rows edited) holds nothing; clearing it records that it was looked at', async () => {
    const safi = { id: 'safi', name: 'Boutique Safi', key: 'flag-key-safi-0123456789' };
    await registerShop(hq.pool, safi);
    const g = makeFixture();
    others.push(g);
    const sellIn = () =>
      checkout(g.store, g.asCashier, {
        clientId: uid(),
        lines: [{ productId: g.products.oil.id, quantity: 1_000 }],
        payments: [{ method: 'cash', amount: 12_000, tendered: 20_000 }],
      });
    sellIn();
    dropGuards(g.db);
    g.db
      .prepare('UPDATE sale_lines SET payout = payout + 500, commission = commission - 500 WHERE sale_id = 1')
      .run();
    pushFrom(g.store, safi);
    await expect.poll(() => hqPushStatus(g.store, null).flagged, { timeout: 60_000 }).toMatch(/rows edited/);
    // Not held: the next sale still reaches HQ.
    sellIn();
    const heldSafi = async () =>
      (
        await hq.pool.query<{ last_seq: number; held_at: number | null }>(
          'SELECT last_seq, held_at FROM hq_shops WHERE id = $1',
          [safi.id],
        )
      ).rows[0]!;
    await expect.poll(async () => (await heldSafi()).last_seq, { timeout: 60_000 }).toBe(head(g.store).seq);
    expect((await heldSafi()).held_at).toBeNull();
    const api = (path: string, body?: unknown) =>
      pinnedFetch(`${hq.url}${HQ_SHOPS_PATH}/safi/${path}`, tls.fingerprint, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const view = JSON.parse((await api('flags')).body) as {
      heldAt: number | null;
      open: { kind: string; ref: string; refused: boolean }[];
    };
    expect(view.heldAt).toBeNull();
    expect(view.open).toEqual([expect.objectContaining({ kind: 'rows', ref: 'sale:1', refused: false })]);
    // A hostile or empty body is refused with a typed error and clears nothing.
    expect((await api('flags/clear', { by: '', reason: 'x' })).status).toBe(400);
    expect(JSON.parse((await api('flags')).body).open).toHaveLength(1);
    const r = await api('flags/clear', {
      by: 'Youssef Benali',
      reason: 'Payout corrected by the technician, ticket 42',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).clearance).toMatchObject({
      by: 'Youssef Benali',
      flags: 1,
      resumeSeq: head(g.store).seq,
    });
    // The shop hears it at its next push.
    sellIn();
    await expect
      .poll(() => hqPushStatus(g.store, null), { timeout: 60_000 })
      .toMatchObject({ flagged: null, lag: 0 });
    await stopAll();
  }, 120_000);
});
