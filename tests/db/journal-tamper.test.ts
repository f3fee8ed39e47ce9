import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthSessions } from '../../api/auth';
import { DeviceHub } from '../../devices/hub';
import { dispatch } from '../../api/dispatcher';
import { hashLines, zReportText } from '../../documents/z-report';
import { decodeEscPos } from '../../hardware/printer/escpos-decoder';
import { VirtualPrinter } from '../../hardware/printer/virtual-printer';
import { entryHash, GENESIS, verifyJournal, type JournalRow } from '../../db/journal';
import { saleDigest } from '../../db/journal-digest';
import { MIGRATIONS } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { cashMovement, cashReport, closeSession, openSession } from '../../db/services/cash';
import { checkout, type Sale } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import { auditJournal, readSeals, sealsFileFor, type JournalAudit } from '../../db/services/seals';
import { issueSettlement } from '../../db/services/settlements';
import { receiveDelivery } from '../../db/services/stock';
import { voidSale } from '../../db/services/voids';
import { Store } from '../../db/store';
import { makeFixture, uid, type Fixture } from './fixture';

/** One sale of a single product at its retail price, paid exactly. */
function sell(f: Fixture, i: number): Sale {
  const pick = [
    { productId: f.products.oil.id, quantity: 1_000, price: 12_000 },
    { productId: f.products.amlou.id, quantity: 1_000, price: 6_550 },
    { productId: f.products.honeyKg.id, quantity: 200, price: 5_000 },
  ][i % 3]!;
  f.tick(45_000);
  return checkout(f.store, f.asCashier, {
    clientId: uid('s'),
    lines: [{ productId: pick.productId, quantity: pick.quantity }],
    payments: [{ method: i % 4 === 0 ? 'card' : 'cash', amount: pick.price }],
  });
}

/** Days of trading, each closed by a Z: sales, voids, returns of earlier days' sales, cash moves. */
function trade(f: Fixture, days: number, salesPerDay: number): Sale[] {
  receiveDelivery(f.store, f.asManager, {
    clientId: uid('d'),
    cooperativeId: f.coops.argan.id,
    noteRef: 'BL-T',
    lines: [
      { productId: f.products.oil.id, quantity: 200_000 },
      { productId: f.products.amlou.id, quantity: 200_000 },
    ],
  });
  receiveDelivery(f.store, f.asManager, {
    clientId: uid('d'),
    cooperativeId: f.coops.honey.id,
    noteRef: 'BL-H',
    lines: [{ productId: f.products.honeyKg.id, quantity: 100_000 }],
  });
  const sold: Sale[] = [];
  const untouched = new Set<number>();
  for (let d = 0; d < days; d++) {
    if (d > 0) openSession(f.store, f.asCashier, { openingFloat: 20_000 });
    const earlier = sold.filter((s) => untouched.has(s.id)).slice(0, 2);
    for (let i = 0; i < salesPerDay; i++) {
      const sale = sell(f, i);
      sold.push(sale);
      if (i % 7 === 3) voidSale(f.store, f.asManager, { saleId: sale.id, reason: 'scanned twice' });
      else untouched.add(sale.id);
    }
    for (const s of earlier) {
      untouched.delete(s.id);
      createReturn(f.store, f.asManager, {
        clientId: uid('r'),
        saleId: s.id,
        lines: [{ saleLineId: s.lines[0]!.id, quantity: s.lines[0]!.quantity, restock: true }],
        reason: 'changed mind',
        refundMethod: 'cash',
      });
    }
    cashMovement(f.store, f.asManager, { kind: 'in', amount: 10_000, reason: 'change' });
    // A statement takes what happened before its period end: the returns above are in it.
    f.tick(60_000);
    if (d === 1)
      issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.argan.id, periodEnd: f.now() });
    if (d === 2)
      issueSettlement(f.store, f.asManager, { cooperativeId: f.coops.honey.id, periodEnd: f.now() });
    f.tick(3_600_000);
    closeSession(f.store, f.asManager, { counts: { '20000': 10 } });
    f.tick(12 * 3_600_000);
  }
  return sold;
}

const kinds = (a: JournalAudit) => a.findings.map((x) => x.kind);
const journalCount = (f: Fixture) =>
  (f.db.prepare('SELECT COUNT(*) n FROM journal').get() as { n: number }).n;

/** What an attacker who read journal.ts would run after editing entries: every hash from `from` recomputed. */
function rehashFrom(db: Database.Database, from: number): void {
  const rows = db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq').all(from) as JournalRow[];
  let prev =
    (db.prepare('SELECT hash FROM journal WHERE seq = ?').get(from - 1) as { hash: string } | undefined)
      ?.hash ?? GENESIS;
  const update = db.prepare('UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const hash = entryHash(prev, r);
    update.run(prev, hash, r.seq);
    prev = hash;
  }
}

describe('journal.verify finds what was tampered with', () => {
  let f: Fixture;
  let sold: Sale[];
  beforeEach(() => {
    f = makeFixture();
    sold = trade(f, 3, 24);
  });
  afterEach(() => {
    f.close();
  });

  it('passes an untampered shop with many sales, voids, returns, settlements and three Z seals', () => {
    const audit = auditJournal(f.store);
    expect(audit.findings).toEqual([]);
    expect(audit.ok).toBe(true);
    const sales = (f.db.prepare('SELECT COUNT(*) n FROM sales').get() as { n: number }).n;
    const voided = (f.db.prepare('SELECT COUNT(*) n FROM sale_voids').get() as { n: number }).n;
    const returns = (f.db.prepare('SELECT COUNT(*) n FROM customer_returns').get() as { n: number }).n;
    expect(sales).toBe(72);
    expect(voided).toBeGreaterThanOrEqual(9);
    expect(returns).toBe(4);
    expect(audit.checked).toEqual({
      sales,
      returns,
      sessions: 3,
      settlements: 2,
      legacyRecords: 0,
      seals: 3,
      anchors: 0,
    });
    expect(audit.entries).toBe(journalCount(f));
    expect(audit.head?.seq).toBe(audit.entries);

    // The seals are small, self-describing records beside the database file, ready to be sent to HQ.
    expect(sealsFileFor(f.store)).toBe(`${f.file}.seals`);
    const lines = readFileSync(`${f.file}.seals`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const closes = f.db
      .prepare("SELECT seq, hash FROM journal WHERE kind = 'cash.close' ORDER BY seq")
      .all() as { seq: number; hash: string }[];
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(
      closes.map((c, i) => ({
        v: 1,
        shop: 'Souk POS',
        till: 'T1',
        seq: c.seq,
        hash: c.hash,
        at: expect.any(Number) as number,
        session: i + 1,
      })),
    );

    // The same file opened by a fresh connection, as the station would after a restart.
    const again = openDatabase(f.file);
    try {
      expect(auditJournal(new Store(again)).ok).toBe(true);
    } finally {
      again.close();
    }
  });

  it('(1) finds tail entries deleted after a seal, by the seal, even when the attacker also cleans the database', () => {
    const lastSeal = readSeals(`${f.file}.seals`).seals.at(-1)!;
    // Sales after the last Z: the one the attacker wants to disappear.
    openSession(f.store, f.asCashier, { openingFloat: 0 });
    const hidden = sell(f, 0);
    // Everything from the last day's cash in on: the cash in, the honey statement, the Z, the next day.
    const cut =
      (
        f.db
          .prepare("SELECT MIN(seq) s FROM journal WHERE kind = 'cash.in' AND ref = ?")
          .get(`session:${lastSeal.session}`) as { s: number }
      ).s - 1;
    f.db.exec('DROP TRIGGER journal_no_delete');
    f.db.prepare('DELETE FROM journal WHERE seq > ?').run(cut);
    // The chain that is left is a perfectly valid, shorter chain.
    expect(verifyJournal(f.store).ok).toBe(true);

    const naive = auditJournal(f.store);
    expect(naive.ok).toBe(false);
    expect(naive.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'tail-deleted', seq: lastSeal.seq, sessionId: lastSeal.session }),
        expect.objectContaining({ kind: 'sale-unjournaled', saleId: hidden.id }),
        // The last session's latest surviving entry is its opening: it was neither counted nor closed then.
        expect.objectContaining({ kind: 'session-edited', sessionId: lastSeal.session }),
        expect.objectContaining({ kind: 'session-unjournaled', sessionId: lastSeal.session + 1 }),
        expect.objectContaining({ kind: 'settlement-unjournaled', settlementId: 2 }),
      ]),
    );

    // A careful attacker also removes the rows whose entries are gone (the sale, the next session, the cash
    // in) and reopens the last session as its remaining entry recorded it: only the seal is left.
    f.db.exec(
      'DROP TRIGGER sale_lines_no_delete; DROP TRIGGER sales_no_delete; DROP TRIGGER stock_movements_no_delete',
    );
    const gone = f.db
      .prepare(
        "SELECT id FROM sales WHERE id NOT IN (SELECT CAST(substr(ref, 6) AS INTEGER) FROM journal WHERE ref LIKE 'sale:%')",
      )
      .pluck()
      .all() as number[];
    expect(gone).toContain(hidden.id);
    for (const id of gone) {
      f.db.prepare('DELETE FROM payments WHERE sale_id = ?').run(id);
      f.db.prepare('DELETE FROM sale_voids WHERE sale_id = ?').run(id);
      f.db
        .prepare(
          "DELETE FROM stock_movements WHERE kind = 'sale' AND ref_id IN (SELECT id FROM sale_lines WHERE sale_id = ?)",
        )
        .run(id);
      f.db.prepare('DELETE FROM sale_lines WHERE sale_id = ?').run(id);
      f.db.prepare('DELETE FROM sales WHERE id = ?').run(id);
    }
    f.db.prepare('DELETE FROM cash_sessions WHERE id = ?').run(lastSeal.session + 1);
    f.db.exec(
      'DROP TRIGGER sale_lines_frozen; DROP TRIGGER return_lines_frozen; DROP TRIGGER settlements_no_delete',
    );
    f.db.exec('UPDATE sale_lines SET settlement_id = NULL WHERE settlement_id = 2');
    f.db.exec('UPDATE return_lines SET settlement_id = NULL WHERE settlement_id = 2');
    f.db.exec('DELETE FROM settlements WHERE id = 2');
    f.db.prepare("DELETE FROM cash_movements WHERE session_id = ? AND kind = 'in'").run(lastSeal.session);
    f.db
      .prepare(
        `UPDATE cash_sessions SET closed_at = NULL, closed_by = NULL, expected_cash = NULL, counted_cash = NULL,
           counts = NULL, z_report = NULL, z_seq = NULL, z_hash = NULL WHERE id = ?`,
      )
      .run(lastSeal.session);
    const careful = auditJournal(f.store);
    expect(careful.ok).toBe(false);
    expect(careful.findings).toEqual([
      expect.objectContaining({
        kind: 'tail-deleted',
        seq: lastSeal.seq,
        sessionId: lastSeal.session,
        message: expect.stringContaining(
          `vouches for ${lastSeal.seq} journal entries, but the journal ends at ${cut}`,
        ) as string,
      }),
    ]);
  });

  it('(2) finds a sale whose total, line or payment was edited under an intact chain, naming the sale and its entry', () => {
    const victim = sold[5]!;
    const entry = (
      f.db.prepare('SELECT seq FROM journal WHERE ref = ?').get(`sale:${victim.id}`) as { seq: number }
    ).seq;
    f.db.prepare('UPDATE sales SET total = total - 2000 WHERE id = ?').run(victim.id);
    expect(verifyJournal(f.store).ok).toBe(true);
    let audit = auditJournal(f.store);
    expect(audit.findings).toEqual([
      expect.objectContaining({ kind: 'sale-edited', saleId: victim.id, seq: entry }),
    ]);
    f.db.prepare('UPDATE sales SET total = total + 2000 WHERE id = ?').run(victim.id);
    expect(auditJournal(f.store).ok).toBe(true);

    // A line's quantity and amount (the frozen-line trigger dropped first, as an attacker would).
    const lineVictim = sold[11]!;
    f.db.exec('DROP TRIGGER sale_lines_frozen');
    f.db
      .prepare(
        'UPDATE sale_lines SET qty = qty * 2, gross = gross * 2, amount = amount * 2, payout = payout * 2, commission = commission * 2 WHERE sale_id = ?',
      )
      .run(lineVictim.id);
    // A payment's method (no trigger guards payments).
    const payVictim = sold[13]!;
    f.db.prepare("UPDATE payments SET method = 'mobile' WHERE sale_id = ?").run(payVictim.id);
    // A line moved to another cooperative, so its payout would go to the wrong statement.
    const coopVictim = sold[16]!;
    f.db
      .prepare('UPDATE sale_lines SET cooperative_id = ? WHERE sale_id = ?')
      .run(f.coops.honey.id, coopVictim.id);
    // A void's reason, on a voided sale: its latest entry is the void's.
    const voided = sold[3]!;
    const voidEntry = (
      f.db
        .prepare("SELECT seq FROM journal WHERE ref = ? AND kind = 'sale.void'")
        .get(`sale:${voided.id}`) as {
        seq: number;
      }
    ).seq;
    f.db.prepare("UPDATE sale_voids SET reason = 'customer left' WHERE sale_id = ?").run(voided.id);
    // A refund's amount.
    const ret = f.db.prepare('SELECT id FROM customer_returns ORDER BY id LIMIT 1').get() as { id: number };
    f.db.prepare('UPDATE payments SET amount = amount + 500 WHERE return_id = ?').run(ret.id);
    // A sale slipped in without going through checkout.
    f.db
      .prepare(
        `INSERT INTO sales (client_id, till_id, receipt_no, session_id, cashier_id, at, total, discount_total)
         VALUES ('forged', 'T1', 9999, 1, ?, ?, 100, 0)`,
      )
      .run(f.users.cashier.id, f.now());
    const forged = (f.db.prepare("SELECT id FROM sales WHERE client_id = 'forged'").get() as { id: number })
      .id;

    // Cash taken out of the drawer made smaller, so the Z's expected cash hides a shortfall.
    const move = f.db.prepare('SELECT id, session_id FROM cash_movements WHERE session_id = 2').get() as {
      id: number;
      session_id: number;
    };
    f.db.prepare('UPDATE cash_movements SET amount = 1 WHERE id = ?').run(move.id);
    // A statement's payout lowered, and a line it paid released so it would be paid again.
    const [settlement, settlement2] = f.db
      .prepare('SELECT id FROM settlements ORDER BY id')
      .pluck()
      .all() as number[];
    f.db.exec('DROP TRIGGER settlements_immutable');
    f.db
      .prepare('UPDATE settlements SET payout = payout - 100, commission = commission + 100 WHERE id = ?')
      .run(settlement);
    f.db
      .prepare(
        'UPDATE sale_lines SET settlement_id = NULL WHERE id = (SELECT MIN(id) FROM sale_lines WHERE settlement_id = ?)',
      )
      .run(settlement2);

    expect(verifyJournal(f.store).ok).toBe(true);
    audit = auditJournal(f.store);
    expect(audit.ok).toBe(false);
    expect(audit.findings).toContainEqual(
      expect.objectContaining({ kind: 'session-edited', sessionId: move.session_id }),
    );
    expect(audit.findings.filter((x) => x.kind === 'settlement-edited').map((x) => x.settlementId)).toEqual([
      settlement,
      settlement2,
    ]);
    const bySale = (id: number) => audit.findings.filter((x) => x.saleId === id).map((x) => x.kind);
    expect(bySale(lineVictim.id)).toEqual(['sale-edited']);
    expect(bySale(payVictim.id)).toEqual(['sale-edited']);
    expect(bySale(coopVictim.id)).toEqual(['sale-edited']);
    expect(audit.findings).toContainEqual(
      expect.objectContaining({ kind: 'sale-edited', saleId: voided.id, seq: voidEntry }),
    );
    expect(audit.findings).toContainEqual(
      expect.objectContaining({ kind: 'return-edited', returnId: ret.id }),
    );
    expect(audit.findings).toContainEqual(
      expect.objectContaining({ kind: 'sale-unjournaled', saleId: forged, seq: null }),
    );
    expect(audit.findings).toHaveLength(9);
  });

  it('(3) finds a rewritten and re-hashed chain by the seals, and by the head printed on a Z report', () => {
    // A sale of the second day: the first day's Z was sealed before it.
    const victim = sold[26]!;
    const entry = f.db.prepare('SELECT seq, payload FROM journal WHERE ref = ?').get(`sale:${victim.id}`) as {
      seq: number;
      payload: string;
    };
    const printedZ = zReportText(cashReport(f.store, 3), {
      shopName: 'Souk POS',
      cashier: 'Samira',
      language: 'fr',
      columns: 42,
    });
    // The attacker lowers the sale everywhere (rows, payload, digest), then recomputes every hash after it
    // and the heads the database keeps: the chain and all digests agree with each other again.
    f.db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER sale_lines_frozen');
    f.db.prepare('UPDATE sales SET total = 1000 WHERE id = ?').run(victim.id);
    f.db
      .prepare(
        'UPDATE sale_lines SET unit_price = 1000, gross = 1000, amount = 1000, payout = 700, commission = 300 WHERE sale_id = ?',
      )
      .run(victim.id);
    f.db.prepare('UPDATE payments SET amount = 1000 WHERE sale_id = ?').run(victim.id);
    f.db
      .prepare('UPDATE journal SET payload = ?, digest = ? WHERE seq = ?')
      .run(entry.payload.replace(/"total":\d+/, '"total":1000'), saleDigest(f.store, victim.id), entry.seq);
    rehashFrom(f.db, entry.seq);
    for (const z of f.db.prepare('SELECT id, z_seq FROM cash_sessions WHERE z_seq IS NOT NULL').all() as {
      id: number;
      z_seq: number;
    }[]) {
      const { hash } = f.db.prepare('SELECT hash FROM journal WHERE seq = ?').get(z.z_seq) as {
        hash: string;
      };
      f.db.prepare('UPDATE cash_sessions SET z_hash = ? WHERE id = ?').run(hash, z.id);
    }
    expect(verifyJournal(f.store).ok).toBe(true);

    const seals = readSeals(`${f.file}.seals`).seals;
    const audit = auditJournal(f.store);
    expect(audit.ok).toBe(false);
    // Every seal written after the edited entry no longer matches; the first Z, before it, still does.
    // The database's own Z records now name heads the seals file never saw.
    const afterEdit = seals.filter((s) => s.seq >= entry.seq);
    expect(afterEdit.map((s) => s.session)).toEqual([2, 3]);
    expect(audit.findings.map((x) => [x.kind, x.seq, x.sessionId])).toEqual([
      ...afterEdit.map((s) => ['seal-mismatch', s.seq, s.session]),
      ...afterEdit.map((s) => ['seal-not-written', s.seq, s.session]),
    ]);

    // The seals file removed as well: the printed Z of the last day, typed back in, still tells.
    rmSync(`${f.file}.seals`);
    const countLine = printedZ.find((l) => l.startsWith('Écritures'))!;
    const seq = Number(countLine.split(/\s+/).at(-1));
    const hashStart = printedZ.indexOf('Empreinte (SHA-256)') + 1;
    const typed = printedZ.slice(hashStart, hashStart + 2).join(' ');
    const withAnchor = auditJournal(f.store, { anchors: [{ seq, hash: typed.slice(0, 19) }] });
    expect(withAnchor.findings).toContainEqual(
      expect.objectContaining({ kind: 'seal-mismatch', seq, sessionId: null }),
    );
    // ...and says the seals of the database's Z records are gone.
    expect(kinds(withAnchor).filter((k) => k === 'seal-not-written')).toHaveLength(3);
  });

  it('finds a seal file whose count went down and reports unreadable lines', () => {
    const file = `${f.file}.seals`;
    const seals = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${seals.join('\n')}\n${seals[0]}\n{"cut short\n`);
    const audit = auditJournal(f.store);
    const first = readSeals(file).seals[0]!;
    expect(audit.findings).toEqual([
      expect.objectContaining({
        kind: 'seal-unreadable',
        message: expect.stringContaining('Line 5') as string,
      }),
      expect.objectContaining({ kind: 'seal-regressed', seq: first.seq }),
    ]);
  });

  it('takes a seals file from elsewhere (a USB copy, HQ) and refuses one that is not there', () => {
    const copy = `${f.dir}/copy.seals`;
    writeFileSync(copy, readFileSync(`${f.file}.seals`));
    expect(auditJournal(f.store, { sealsFile: copy }).ok).toBe(true);
    expect(() => auditJournal(f.store, { sealsFile: `${f.dir}/none.seals` })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => auditJournal(f.store, { sealsFile: f.dir })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION',
        message: expect.stringContaining('cannot be read') as string,
      }),
    );
  });
});

describe('every column the digests cover is covered (property)', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  type Type = 'sale' | 'return' | 'session' | 'settlement';
  const w = (cols: string) => cols.split(' ');
  /** table, the column naming its record, the record's type and ids, the columns a digest must cover. */
  const COVERED: { table: string; key: string; type: Type; ids: string; cols: string[] }[] = [
    {
      table: 'sales',
      key: 'id',
      type: 'sale',
      ids: 'SELECT id FROM sales',
      cols: w(
        'client_id till_id receipt_no session_id cashier_id customer_id at total discount_total voided_at',
      ),
    },
    {
      table: 'sale_lines',
      key: 'sale_id',
      type: 'sale',
      ids: 'SELECT id FROM sales',
      cols: w(
        'line_no product_id cooperative_id name_fr name_ar unit qty tier unit_price overridden gross discount amount vat_code payout commission approved_by at voided',
      ),
    },
    {
      table: 'payments',
      key: 'sale_id',
      type: 'sale',
      ids: 'SELECT id FROM sales',
      cols: w('method amount tendered change reference'),
    },
    {
      table: 'sale_voids',
      key: 'sale_id',
      type: 'sale',
      ids: 'SELECT sale_id FROM sale_voids',
      cols: w('at user_id approved_by reason'),
    },
    {
      table: 'customer_returns',
      key: 'id',
      type: 'return',
      ids: 'SELECT id FROM customer_returns',
      cols: w('client_id till_id return_no session_id sale_id user_id approved_by reason at total'),
    },
    {
      table: 'return_lines',
      key: 'return_id',
      type: 'return',
      ids: 'SELECT id FROM customer_returns',
      cols: w('sale_line_id product_id cooperative_id qty amount payout commission restock at'),
    },
    {
      table: 'payments',
      key: 'return_id',
      type: 'return',
      ids: 'SELECT id FROM customer_returns',
      cols: w('method amount tendered change reference'),
    },
    {
      table: 'cash_sessions',
      key: 'id',
      type: 'session',
      ids: 'SELECT id FROM cash_sessions',
      cols: w(
        'till_id opened_by opened_at opening_float closed_by closed_at expected_cash counted_cash counts',
      ),
    },
    {
      table: 'cash_movements',
      key: 'session_id',
      type: 'session',
      ids: 'SELECT DISTINCT session_id FROM cash_movements',
      cols: w('kind amount reason user_id at'),
    },
    {
      table: 'settlements',
      key: 'id',
      type: 'settlement',
      ids: 'SELECT id FROM settlements',
      cols: w(
        'number kind cooperative_id period_start period_end issued_at issued_by net_sales commission payout sale_lines return_lines paid_at paid_by payment_reference',
      ),
    },
    // A line released from, or moved between, statements changes what the statement claims.
    {
      table: 'sale_lines',
      key: 'settlement_id',
      type: 'settlement',
      ids: 'SELECT id FROM settlements',
      cols: ['settlement_id'],
    },
    {
      table: 'return_lines',
      key: 'settlement_id',
      type: 'settlement',
      ids: 'SELECT id FROM settlements',
      cols: ['settlement_id'],
    },
  ];
  const idOf = {
    sale: 'saleId',
    return: 'returnId',
    session: 'sessionId',
    settlement: 'settlementId',
  } as const;

  it('finds any one-column edit of any covered record, naming that record only', () => {
    trade(f, 2, 8);
    // As an attacker would: no guard triggers, no CHECK or foreign-key constraint in the way.
    for (const t of [
      'sale_lines_frozen',
      'sale_lines_vat_frozen',
      'return_lines_frozen',
      'settlements_immutable',
    ])
      f.db.exec(`DROP TRIGGER ${t}`);
    f.db.pragma('ignore_check_constraints = ON');
    f.db.pragma('foreign_keys = OFF');
    let edits = 0;
    for (const c of COVERED) {
      const ids = f.db.prepare(c.ids).pluck().all() as number[];
      expect(ids.length, c.table).toBeGreaterThan(0);
      for (const column of c.cols) {
        const edit = fc.record({ id: fc.constantFrom(...ids), delta: fc.integer({ min: 1, max: 5 }) });
        fc.assert(
          fc.property(edit, ({ id, delta }) => {
            f.db.exec('SAVEPOINT edit');
            try {
              const row = f.db
                .prepare(`SELECT rowid r, "${column}" v FROM ${c.table} WHERE ${c.key} = ? LIMIT 1`)
                .get(id) as { r: number; v: unknown } | undefined;
              fc.pre(row !== undefined);
              const next =
                typeof row.v === 'number'
                  ? row.v + delta
                  : typeof row.v === 'string'
                    ? `${row.v}~${delta}`
                    : delta;
              try {
                f.db.prepare(`UPDATE ${c.table} SET "${column}" = ? WHERE rowid = ?`).run(next, row.r);
              } catch {
                fc.pre(false); // a UNIQUE collision (receipt number, line number): not this edit
              }
              edits++;
              const found = auditJournal(f.store).findings.map((x) => [x.kind, x[idOf[c.type]]]);
              // Moving a claimed line to another existing statement changes that one too.
              const expected: unknown[] = [[`${c.type}-edited`, id]];
              if (c.key === 'settlement_id' && ids.includes(next as number))
                expected.push([`${c.type}-edited`, next]);
              expect(found, `${c.table}.${column}`).toEqual(expected);
            } finally {
              f.db.exec('ROLLBACK TO edit; RELEASE edit');
            }
          }),
          { numRuns: 3, seed: 7 },
        );
      }
    }
    expect(edits).toBeGreaterThan(150);
    expect(auditJournal(f.store).ok).toBe(true);
  });
});

describe('journal.verify through the API', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  it('answers within its contract for an admin, with the findings, and takes anchors typed from a Z', async () => {
    trade(f, 1, 4);
    const ctx = {
      store: f.store,
      auth: new AuthSessions(),
      version: 'test',
      devices: new DeviceHub(f.store),
      validateOutput: true,
    };
    const admin = ctx.auth.login(f.store, f.users.admin.id, '9999').token;
    const manager = ctx.auth.login(f.store, f.users.manager.id, '2468').token;
    const z = cashReport(f.store, 1);
    const anchor = { seq: z.journalSeq!, hash: hashLines(z.journalHash!, 32)[0]! };
    const clean = await dispatch(ctx, 'journal.verify', { anchors: [anchor] }, admin);
    expect(clean).toMatchObject({
      ok: true,
      result: { ok: true, findings: [], checked: { anchors: 1, seals: 1 } },
    });
    f.db.prepare('UPDATE sales SET discount_total = 1 WHERE id = 2').run();
    const tampered = await dispatch(ctx, 'journal.verify', {}, admin);
    expect(tampered).toMatchObject({
      ok: true,
      result: { ok: false, findings: [{ kind: 'sale-edited', saleId: 2 }] },
    });
    expect(await dispatch(ctx, 'journal.verify', {}, manager)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await dispatch(ctx, 'journal.verify', { anchors: [{ seq: 1, hash: 'not hex' }] }, admin),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    // The seals can be copied off the station through the API, and checked back as a seals file.
    const exported = await dispatch(ctx, 'journal.seals', {}, admin);
    expect(exported).toMatchObject({ ok: true, result: { seals: readSeals(`${f.file}.seals`).seals } });
    const copy = `${f.dir}/exported.seals`;
    const { seals } = (exported as { result: { seals: unknown[] } }).result;
    writeFileSync(copy, seals.map((x) => `${JSON.stringify(x)}\n`).join(''));
    expect(auditJournal(f.store, { sealsFile: copy }).checked.seals).toBe(1);
    expect(await dispatch(ctx, 'journal.seals', {}, manager)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    // Too short to mean anything: a forged chain would match 8 hex digits by chance.
    expect(
      await dispatch(ctx, 'journal.verify', { anchors: [{ seq: 1, hash: 'abcd 1234' }] }, admin),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('16 to 64 hex digits') as string },
    });
  });
});

describe('the printed Z carries the seal', () => {
  let f: Fixture;
  let printer: VirtualPrinter;
  beforeEach(async () => {
    f = makeFixture();
    printer = new VirtualPrinter();
    await printer.start(0);
  });
  afterEach(async () => {
    await printer.close();
    f.close();
  });

  it('prints the entry count and the whole head hash on the Z sent to a real TCP printer', async () => {
    const ctx = {
      store: f.store,
      auth: new AuthSessions(),
      version: 'test',
      devices: new DeviceHub(f.store),
    };
    const token = ctx.auth.login(f.store, f.users.admin.id, '9999').token;
    const configured = await dispatch(
      ctx,
      'devices.configure',
      {
        printer: {
          name: 'Comptoir',
          transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
          paper: '80mm',
          commandSet: 'epson',
          autoPrint: false,
        },
        scale: null,
      },
      token,
    );
    expect(configured.ok, JSON.stringify(configured)).toBe(true);
    sell(f, 0);
    const closed = await dispatch(ctx, 'cash.close', { counts: { '20000': 1 } }, token);
    expect(closed.ok, JSON.stringify(closed)).toBe(true);
    const head = f.db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    expect(closed).toMatchObject({ result: { journalSeq: head.seq, journalHash: head.hash } });
    const printed = await dispatch(ctx, 'cash.printReport', { sessionId: 1 }, token);
    expect(printed).toMatchObject({ ok: true, result: { printed: true } });
    const [job] = await printer.waitForJobs(1);
    const lines = decodeEscPos(job ?? Buffer.alloc(0)).lines.map((l) => l.trim());
    expect(lines).toContain('RAPPORT Z (clôture)');
    expect(lines.find((l) => l.startsWith('Écritures'))).toMatch(new RegExp(`^Écritures\\s+${head.seq}$`));
    const at = lines.indexOf('Empreinte (SHA-256)');
    expect(
      lines
        .slice(at + 1, at + 3)
        .join('')
        .replace(/ /g, ''),
    ).toBe(head.hash);
  });
});

describe('the Z close seals the journal head', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  it('records the head on the session, prints it with the count on the Z report and writes the seal', () => {
    trade(f, 1, 5);
    const head = f.db.prepare('SELECT seq, hash, kind FROM journal ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
      kind: string;
    };
    expect(head.kind).toBe('cash.close');
    const report = cashReport(f.store, 1);
    expect(report).toMatchObject({ journalSeq: head.seq, journalHash: head.hash });
    expect(head.seq).toBe(journalCount(f));
    for (const columns of [32, 42, 48] as const) {
      const lines = zReportText(report, { shopName: 'Souk POS', cashier: 'Samira', language: 'fr', columns });
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(columns);
      expect(lines.find((l) => l.startsWith('Écritures'))?.endsWith(` ${head.seq}`)).toBe(true);
      const at = lines.indexOf('Empreinte (SHA-256)');
      expect(at).toBeGreaterThan(0);
      const hashLines = lines.slice(at + 1, at + 1 + Math.ceil(64 / (4 * Math.floor((columns + 1) / 5))));
      expect(hashLines.join('').replace(/ /g, '')).toBe(head.hash);
    }
    expect(readSeals(`${f.file}.seals`).seals).toEqual([
      expect.objectContaining({ seq: head.seq, hash: head.hash, session: 1, till: 'T1' }),
    ]);
    // The X report of the next, open session has no head yet.
    openSession(f.store, f.asCashier, { openingFloat: 0 });
    expect(cashReport(f.store)).toMatchObject({ journalSeq: null, journalHash: null });
  });

  it('writes a seal missed by a crash at the next opening, and verify reports it until then', () => {
    trade(f, 1, 2);
    rmSync(`${f.file}.seals`);
    expect(kinds(auditJournal(f.store))).toEqual(['seal-not-written']);
    openSession(f.store, f.asCashier, { openingFloat: 0 });
    expect(readSeals(`${f.file}.seals`).seals.map((s) => s.session)).toEqual([1]);
    expect(auditJournal(f.store).ok).toBe(true);
    closeSession(f.store, f.asManager, { counts: {} });
    expect(readSeals(`${f.file}.seals`).seals.map((s) => s.session)).toEqual([1, 2]);
  });

  it('keeps the Z close when the seal cannot be written, and writes it once it can', () => {
    trade(f, 1, 2);
    openSession(f.store, f.asCashier, { openingFloat: 0 });
    // A directory where the seals file should be: the append fails like a read-only or full disk would.
    rmSync(`${f.file}.seals`);
    mkdirSync(`${f.file}.seals`);
    const report = closeSession(f.store, f.asManager, { counts: {} });
    expect(report.journalSeq).toBe(journalCount(f));
    expect(cashReport(f.store, 2).closedAt).not.toBeNull();
    rmSync(`${f.file}.seals`, { recursive: true });
    expect(kinds(auditJournal(f.store))).toEqual(['seal-not-written', 'seal-not-written']);
    openSession(f.store, f.asCashier, { openingFloat: 0 });
    expect(readSeals(`${f.file}.seals`).seals.map((s) => s.session)).toEqual([1, 2]);
    expect(auditJournal(f.store).ok).toBe(true);
  });
});

describe('journals written before row digests', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  /** The hash of the first release, restated here so that a change to it cannot go unnoticed. */
  const v1 = (prev: string, r: JournalRow) =>
    createHash('sha256')
      .update(`${prev}\n${r.seq}\n${r.at}\n${r.user_id ?? ''}\n${r.kind}\n${r.ref}\n${r.payload}`)
      .digest('hex');

  it('migration 003 keeps the entries of a schema-2 database at version 1, and they verify', () => {
    const file = `${f.dir}/old.db`;
    const old = openDatabase(file, { migrate: false });
    old.exec(MIGRATIONS[0]!);
    old.exec(MIGRATIONS[1]!);
    old.pragma('user_version = 2');
    // Two entries exactly as the previous release wrote them (no hv, no digest columns).
    let prev = GENESIS;
    for (const [seq, kind, payload] of [
      [1, 'user.create', '{"name":"Admin"}'],
      [2, 'cash.open', '{"openingFloat":0}'],
    ] as const) {
      const r = { seq, at: 1_700_000_000_000 + seq, user_id: null, kind, ref: `x:${seq}`, payload };
      const hash = v1(prev, { ...r, prev_hash: prev, hash: '', hv: 1, digest: null });
      old
        .prepare(
          'INSERT INTO journal (seq, at, user_id, kind, ref, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(r.seq, r.at, r.user_id, r.kind, r.ref, r.payload, prev, hash);
      prev = hash;
    }
    old.close();
    const db = openDatabase(file);
    try {
      expect(db.prepare('SELECT hv, digest FROM journal ORDER BY seq').all()).toEqual([
        { hv: 1, digest: null },
        { hv: 1, digest: null },
      ]);
      const store = new Store(db);
      expect(verifyJournal(store)).toEqual({ ok: true, entries: 2, brokenAt: null });
      expect(auditJournal(store).findings).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('passes records journaled before digests as legacy, and covers the ones written after', () => {
    trade(f, 2, 6);
    // The state migration 003 leaves an old journal in: version-1 hashes, no digests, no Z heads, no seals.
    f.db.exec('DROP TRIGGER journal_no_update');
    let prev = GENESIS;
    const rows = f.db.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];
    const update = f.db.prepare(
      'UPDATE journal SET prev_hash = ?, hash = ?, hv = 1, digest = NULL WHERE seq = ?',
    );
    for (const r of rows) {
      const hash = v1(prev, r);
      update.run(prev, hash, r.seq);
      prev = hash;
    }
    f.db.exec('UPDATE cash_sessions SET z_seq = NULL, z_hash = NULL');
    rmSync(`${f.file}.seals`);

    const before = auditJournal(f.store);
    expect(before.findings).toEqual([]);
    const { sales, returns, sessions, settlements } = before.checked;
    expect([sessions, settlements]).toEqual([2, 1]);
    expect(before.checked.legacyRecords).toBe(sales + returns + sessions + settlements);
    // Legacy rows are vouched for by the chain alone: an edit to one is not seen. Documented, not hidden.
    f.db.prepare('UPDATE sales SET total = total + 1 WHERE id = 1').run();
    expect(auditJournal(f.store).findings).toEqual([]);

    openSession(f.store, f.asCashier, { openingFloat: 0 });
    const fresh = sell(f, 1);
    closeSession(f.store, f.asManager, { counts: {} });
    const after = auditJournal(f.store);
    expect(after.findings).toEqual([]);
    expect(after.checked.seals).toBe(1);
    expect(after.checked.legacyRecords).toBe(before.checked.legacyRecords);
    expect(f.db.prepare('SELECT DISTINCT hv FROM journal ORDER BY hv').pluck().all()).toEqual([1, 2]);
    f.db.exec('DROP TRIGGER sale_lines_frozen');
    f.db.prepare('UPDATE sale_lines SET qty = 2000 WHERE sale_id = ?').run(fresh.id);
    expect(auditJournal(f.store).findings).toEqual([
      expect.objectContaining({ kind: 'sale-edited', saleId: fresh.id }),
    ]);
  });

  it('refuses an entry that falls back to the old format after a new one', () => {
    trade(f, 1, 3);
    const last = f.db.prepare('SELECT * FROM journal ORDER BY seq DESC LIMIT 1').get() as JournalRow;
    const prev = (
      f.db.prepare('SELECT hash FROM journal WHERE seq = ?').get(last.seq - 1) as { hash: string }
    ).hash;
    f.db.exec('DROP TRIGGER journal_no_update');
    f.db
      .prepare('UPDATE journal SET hv = 1, digest = NULL, hash = ? WHERE seq = ?')
      .run(v1(prev, last), last.seq);
    expect(verifyJournal(f.store)).toEqual({ ok: false, entries: last.seq - 1, brokenAt: last.seq });
    expect(kinds(auditJournal(f.store))).toEqual(['chain-broken', 'seal-mismatch', 'seal-mismatch']);
  });
});
