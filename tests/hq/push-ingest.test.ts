import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PushAck, PushBatch } from '../../core/hq-wire';
import { HQ_PUSH_PATH, HQ_SHOP_HEADER, HQ_SHOPS_PATH } from '../../core/hq-wire';
import { journalRows } from '../../db/journal';
import { closeSession } from '../../db/services/cash';
import { checkout } from '../../db/services/checkout';
import { postBatch, readPushBatch } from '../../db/services/hq-push';
import { flushSeals } from '../../db/services/seals';
import { voidSale } from '../../db/services/voids';
import { registerShop } from '../../hq/shops';
import { startHq, type Hq } from '../../hq/service';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { dropGuards, rehashFrom, truncateJournal } from './push-attacker';

const ADMIN = 'hq-admin-key-for-the-ingest-test';

describePg('HQ ingest of a shop journal (real PostgreSQL, real shop SQLite files)', () => {
  const pg = usePostgres();
  let hq: Hq;
  const fixtures: Fixture[] = [];

  beforeAll(async () => {
    hq = await startHq({ db: pg.current.url, port: 0, adminKey: ADMIN });
  });
  afterAll(async () => {
    await hq?.close();
    for (const f of fixtures) f.close();
  });

  /** A shop: its SQLite file with a few sales, registered at HQ under its own key. */
  async function shop(id: string, sales = 3) {
    const f = makeFixture();
    fixtures.push(f);
    const key = `key-${id}-0123456789abcdef`;
    await registerShop(hq.pool, { id, name: `Boutique ${id}`, key });
    for (let i = 0; i < sales; i++) sell(f);
    const config = { url: hq.url, shopId: id, key };
    return {
      f,
      config,
      batch: (after: number, limit = 1000) => readPushBatch(f.store, after, limit, 7, 0),
      push: (batch: PushBatch) => postBatch(config, batch, 30_000),
    };
  }

  function sell(f: Fixture) {
    f.tick(60_000);
    return checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [
        { productId: f.products.oil.id, quantity: 2_000 },
        { productId: f.products.honeyKg.id, quantity: 500 },
      ],
      payments: [{ method: 'cash', amount: 2 * 12_000 + 12_500, tendered: 100_000 }],
    });
  }

  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as Error & { code: string; ack: PushAck | null };
    }
    throw new Error('expected HQ to refuse');
  };

  const held = async (shopId: string) =>
    (
      await hq.pool.query<{
        seq: number;
        hash: string;
        payload_text: string;
        rows_ok: boolean | null;
        kind: string;
      }>('SELECT seq, hash, payload_text, rows_ok, kind FROM hq_events WHERE shop_id = $1 ORDER BY seq', [
        shopId,
      ])
    ).rows;

  const shopRow = async (id: string) => {
    const r = await fetch(new URL(HQ_SHOPS_PATH, hq.url), { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(r.status).toBe(200);
    const { shops } = (await r.json()) as {
      shops: { id: string; flagReason: string | null; lastSeq: number }[];
    };
    return shops.find((s) => s.id === id)!;
  };

  it('takes a journal in batches, in order, as the shop wrote it, and acknowledges a re-sent batch', async () => {
    const s = await shop('casa');
    const all = [...journalRows(s.f.store)];
    expect(all.length).toBeGreaterThan(10);
    let after = 0;
    while (after < all.length) {
      const ack = await s.push(await s.batch(after, 4));
      expect(ack.lastSeq).toBe(Math.min(after + 4, all.length));
      after = ack.lastSeq;
    }
    const again = await s.push(await s.batch(0, 4));
    expect(again).toMatchObject({ lastSeq: all.length, accepted: 0, duplicates: 4, flagged: null });
    const rows = await held('casa');
    expect(rows.map((r) => [r.seq, r.hash, r.payload_text])).toEqual(
      all.map((e) => [e.seq, e.hash, e.payload]),
    );
    // Every sale's rows arrived and hash to its entry's digest.
    const sales = rows.filter((r) => r.kind === 'sale');
    expect(sales).toHaveLength(3);
    expect(sales.every((r) => r.rows_ok === true)).toBe(true);
    expect((await shopRow('casa')).flagReason).toBeNull();

    // HQ staff re-walk the chain as HQ holds it; an edit at HQ itself shows at the entry it touched.
    const verify = async (id: string) => {
      const r = await fetch(new URL(`${HQ_SHOPS_PATH}/${id}/verify`, hq.url), {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      return { status: r.status, body: (await r.json()) as unknown };
    };
    expect(await verify('casa')).toEqual({
      status: 200,
      body: { ok: true, entries: all.length, brokenAt: null },
    });
    await hq.pool.query(
      `UPDATE hq_events SET payload_text = replace(payload_text, '}', ',"x":1}') WHERE shop_id = 'casa' AND seq = 5`,
    );
    expect(await verify('casa')).toEqual({ status: 200, body: { ok: false, entries: 4, brokenAt: 5 } });
    expect((await verify('nowhere')).status).toBe(404);
  });

  it('refuses a gap with its own position, so the shop resends from there', async () => {
    const s = await shop('rabat');
    await s.push(await s.batch(0, 3));
    const err = await refusal(s.push(await s.batch(5, 3)));
    expect(err.code).toBe('HQ_SEQUENCE_GAP');
    expect(err.ack?.lastSeq).toBe(3);
    expect((await held('rabat')).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('answers a wrong key, an unknown shop and hostile bodies with typed errors and writes nothing', async () => {
    const s = await shop('fes', 1);
    const post = (headers: Record<string, string>, body: string) =>
      fetch(new URL(HQ_PUSH_PATH, hq.url), { method: 'POST', headers, body });
    const good = { authorization: `Bearer ${s.config.key}`, [HQ_SHOP_HEADER]: 'fes' };
    const body = JSON.stringify(await s.batch(0));
    const cases: [Record<string, string>, string, number, string][] = [
      [{ ...good, authorization: 'Bearer wrong-key-wrong-key' }, body, 401, 'UNAUTHENTICATED'],
      [{ ...good, [HQ_SHOP_HEADER]: 'nobody' }, body, 401, 'UNAUTHENTICATED'],
      [{ [HQ_SHOP_HEADER]: 'fes' }, body, 401, 'UNAUTHENTICATED'],
      [good, '{"head": null, "entries": [', 400, 'VALIDATION'],
      [good, JSON.stringify({ head: null, entries: [{ seq: -1 }], seals: [] }), 400, 'VALIDATION'],
    ];
    const b = JSON.parse(body) as PushBatch;
    // Out of order, and a payload that is not JSON text.
    cases.push([good, JSON.stringify({ ...b, entries: [b.entries[1], b.entries[0]] }), 400, 'VALIDATION']);
    cases.push([
      good,
      JSON.stringify({ ...b, entries: [{ ...b.entries[0], payload: '{nope' }] }),
      400,
      'VALIDATION',
    ]);
    // Rows that are not a record's rows: a list, a number for a part, a list of numbers.
    for (const rows of [[1, 2], { sale: 5 }, { lines: [1] }]) {
      cases.push([good, JSON.stringify({ ...b, entries: [{ ...b.entries[0], rows }] }), 400, 'VALIDATION']);
    }
    for (const [headers, text, status, code] of cases) {
      const r = await post(headers, text);
      expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([
        status,
        code,
      ]);
    }
    expect(await held('fes')).toEqual([]);
    // The shop list is HQ staff's only.
    expect((await fetch(new URL(HQ_SHOPS_PATH, hq.url))).status).toBe(401);
  });

  it('flags an entry that does not match its own hash, and keeps what came before it', async () => {
    const s = await shop('agadir', 1);
    const batch = await s.batch(0);
    batch.entries[3] = { ...batch.entries[3]!, payload: '{"forged":true}' };
    const err = await refusal(s.push(batch));
    expect(err.code).toBe('HQ_CHAIN_BROKEN');
    expect(err.ack?.lastSeq).toBe(3);
    expect((await shopRow('agadir')).flagReason).toMatch(/entry 4 does not match its own hash/);
  });

  it('flags a history rewritten and re-hashed after HQ received it, at the next push', async () => {
    const s = await shop('tanger');
    const ack = await s.push(await s.batch(0));
    const sale = (await held('tanger')).find((r) => r.kind === 'sale')!;
    // The attacker lowers a sold quantity's amount and recomputes every digest and hash after it.
    dropGuards(s.f.db);
    s.f.db
      .prepare(
        'UPDATE sale_lines SET gross = gross - 1000, amount = amount - 1000, commission = commission - 1000 WHERE sale_id = (SELECT min(id) FROM sales)',
      )
      .run();
    rehashFrom(s.f.db, sale.seq);
    sell(s.f);
    const err = await refusal(s.push(await s.batch(ack.lastSeq)));
    expect(err.code).toBe('HQ_SHOP_FLAGGED');
    expect((await shopRow('tanger')).flagReason).toMatch(/rewritten/);
    // HQ keeps what it received: nothing of the rewritten history replaced it.
    expect((await held('tanger')).find((r) => r.seq === sale.seq)?.hash).toBe(sale.hash);
  });

  it('flags a truncated journal from its head alone, with no new entry to send', async () => {
    const s = await shop('oujda');
    const ack = await s.push(await s.batch(0));
    truncateJournal(s.f.db, 3);
    const err = await refusal(s.push(await s.batch(ack.lastSeq)));
    expect(err.code).toBe('HQ_SHOP_FLAGGED');
    const row = await shopRow('oujda');
    expect(row.flagReason).toMatch(new RegExp(`truncated.*${ack.lastSeq - 3}.*${ack.lastSeq}`));
    expect(row.lastSeq).toBe(ack.lastSeq);
  });

  it('tells rows changed by a later entry (a void) from rows edited under the journal', async () => {
    const voided = await shop('meknes', 2);
    const first = voided.f.store.get<{ id: number }>('SELECT min(id) id FROM sales')!.id;
    voidSale(voided.f.store, voided.f.asManager, { saleId: first, reason: 'wrong item' });
    // The sale's entry is pushed with its rows as they are now (voided): they no longer hash to that entry,
    // and the void's own entry, in the same batch or a later one, explains it.
    let after = 0;
    for (;;) {
      const ack = await voided.push(await voided.batch(after, 2));
      if (ack.lastSeq === after) break;
      after = ack.lastSeq;
    }
    const rows = await held('meknes');
    expect(rows.filter((r) => r.rows_ok === false).map((r) => r.kind)).toEqual(['sale']);
    expect((await shopRow('meknes')).flagReason).toBeNull();

    const edited = await shop('safi', 2);
    dropGuards(edited.f.db);
    edited.f.db
      .prepare(
        'UPDATE sale_lines SET payout = payout + 500, commission = commission - 500 WHERE sale_id = (SELECT max(id) FROM sales)',
      )
      .run();
    await edited.push(await edited.batch(0));
    expect((await shopRow('safi')).flagReason).toMatch(
      /rows edited: sale:\d+ no longer matches journal entry/,
    );
  });

  it('keeps the Z seals and checks each against the entry HQ holds', async () => {
    const s = await shop('kenitra', 2);
    closeSession(s.f.store, s.f.asCashier, { counts: {} });
    flushSeals(s.f.store);
    const batch = await s.batch(0);
    expect(batch.seals).toHaveLength(1);
    await s.push(batch);
    const { rows } = await hq.pool.query<{ status: string; seq: number }>(
      'SELECT status, seq FROM hq_seals WHERE shop_id = $1',
      ['kenitra'],
    );
    expect(rows).toEqual([{ status: 'ok', seq: batch.seals[0]!.seq }]);

    // A seal ahead of what HQ holds waits; a forged one is found as soon as HQ has its entry.
    const t = await shop('tetouan', 1);
    const tb = await t.batch(0);
    const forged = { seq: 2, hash: 'f'.repeat(64), till: 'T1', session: 1, at: 1 };
    await t.push({ ...tb, entries: tb.entries.slice(0, 1), seals: [forged] });
    expect((await shopRow('tetouan')).flagReason).toBeNull();
    await t.push({ ...tb, entries: tb.entries.slice(1), seals: [] });
    expect((await shopRow('tetouan')).flagReason).toMatch(/seal mismatch.*entry 2/);
  });
});
