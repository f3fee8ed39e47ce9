import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import { voidSale } from '../../db/services/voids';
import { migrate, openPool, type Pool } from '../../hq/db';
import { projectAll } from '../../hq/projections';
import {
  draftChainStatement,
  getChainStatement,
  issueChainStatement,
  listChainStatements,
  markChainStatementPaid,
} from '../../hq/settlement';
import { chainStatementCsv, chainStatementPdf } from '../../hq/settlement-documents';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { copyJournal, headSeq } from './chain-helpers';

const HOUR = 3_600_000;

describePg('chain-wide settlement at HQ (real PostgreSQL, real shop journals)', () => {
  const pgh = usePostgres();
  let pool: Pool;
  let rabat: Fixture;
  let fes: Fixture;
  let honeyLine = { saleId: 0, lineId: 0 };
  const shops = () => [
    { id: 'rabat', name: 'Rabat Agdal', store: rabat.store },
    { id: 'fes', name: 'Fès Médina', store: fes.store },
  ];

  beforeAll(async () => {
    pool = openPool(pgh.current.url);
    await migrate(pool);
    rabat = makeFixture();
    fes = makeFixture();
  });
  afterAll(async () => {
    await pool?.end();
    rabat?.close();
    fes?.close();
  });

  const sell = (f: Fixture, lines: { productId: number; quantity: number }[], amount: number) =>
    checkout(f.store, f.asCashier, { clientId: uid(), lines, payments: [{ method: 'card', amount }] });

  /** What the shops' own SQLite files say the cooperative earned: sold and not voided, less returns. */
  function shopTruth(f: Fixture, coopId: number) {
    const s = f.db
      .prepare(
        'SELECT COALESCE(SUM(amount),0) amount, COALESCE(SUM(payout),0) payout, COALESCE(SUM(commission),0) commission FROM sale_lines WHERE cooperative_id = ? AND voided = 0',
      )
      .get(coopId) as { amount: number; payout: number; commission: number };
    const r = f.db
      .prepare(
        'SELECT COALESCE(SUM(amount),0) amount, COALESCE(SUM(payout),0) payout, COALESCE(SUM(commission),0) commission FROM return_lines WHERE cooperative_id = ?',
      )
      .get(coopId) as { amount: number; payout: number; commission: number };
    return {
      netSales: s.amount - r.amount,
      payout: s.payout - r.payout,
      commission: s.commission - r.commission,
    };
  }

  it('one statement per cooperative covers every shop to the centime; a late batch goes into the next one', async () => {
    const { oil, amlou, honeyKg } = rabat.products;
    const a1 = sell(rabat, [{ productId: oil.id, quantity: 1_000 }], 12_000);
    sell(rabat, [{ productId: oil.id, quantity: 6_000 }], 64_800); // semi-wholesale tier
    const honeySale = sell(rabat, [{ productId: honeyKg.id, quantity: 1_500 }], 37_500);
    honeyLine = { saleId: honeySale.id, lineId: honeySale.lines[0]!.id };
    rabat.tick(HOUR);
    sell(fes, [{ productId: oil.id, quantity: 2_000 }], 24_000);
    const b2 = sell(fes, [{ productId: amlou.id, quantity: 1_000 }], 6_550);
    fes.tick(HOUR);
    const fesBeforeLate = headSeq(fes.store);
    // Sold in Fès before the period's end, but Fès is offline: it reaches HQ after the statement is issued.
    const late = sell(fes, [{ productId: oil.id, quantity: 3_000 }], 36_000);
    fes.tick(HOUR);
    rabat.tick(2 * HOUR);
    const periodEnd = Math.max(rabat.now(), fes.now());

    await copyJournal(pool, shops()[0]!);
    await copyJournal(pool, shops()[1]!, fesBeforeLate);
    await projectAll(pool);

    // The same cooperative in both shops is one chain cooperative: argan by its registration number,
    // the honey cooperative (no registration, no ICE) by its name.
    const coops = await pool.query<{ id: number; code: string }>('SELECT id, code FROM hq_coops ORDER BY id');
    expect(coops.rows.map((c) => c.code)).toEqual(['reg:200512', 'name:cooperative miel atlas']);
    const argan = coops.rows[0]!.id;

    const draft = await draftChainStatement(pool, { coopId: argan, periodEnd });
    expect(draft.totals).toEqual({
      grossSales: 12_000 + 64_800 + 24_000 + 6_550,
      returns: 0,
      netSales: 107_350,
      commission: 3_000 + 16_200 + 6_000 + 1_638, // 25 % of each line, rounded per line (1637.5 -> 1638)
      payout: 107_350 - 26_838,
    });
    expect(draft.lines.map((l) => [l.shopName, l.sku, l.tier, l.quantity, l.amount])).toEqual([
      ['Fès Médina', 'AML-300', 'retail', 1_000, 6_550],
      ['Fès Médina', 'ARG-250', 'retail', 2_000, 24_000],
      ['Rabat Agdal', 'ARG-250', 'retail', 1_000, 12_000],
      ['Rabat Agdal', 'ARG-250', 'semi', 6_000, 64_800],
    ]);

    const s1 = await issueChainStatement(pool, {
      coopId: argan,
      periodEnd,
      issuedBy: 'hq-admin',
      now: periodEnd + HOUR,
    });
    expect(s1).toMatchObject({
      number: 'RC-2026-0001',
      status: 'issued',
      totals: draft.totals,
      saleLineCount: 4,
    });
    expect(s1.shops.map((s) => [s.shopId, s.netSales])).toEqual([
      ['fes', 30_550],
      ['rabat', 76_800],
    ]);

    // The late batch arrives, re-sent twice (a push retried after a cut link); then a void of a line S1 paid,
    // and a customer return, both after the period.
    await copyJournal(pool, shops()[1]!);
    await copyJournal(pool, shops()[1]!);
    await projectAll(pool);
    await projectAll(pool);
    voidSale(rabat.store, rabat.asManager, { saleId: a1.id, reason: 'wrong product' });
    createReturn(fes.store, fes.asManager, {
      clientId: uid('r'),
      saleId: b2.id,
      lines: [{ saleLineId: b2.lines[0]!.id, quantity: 1_000, restock: true }],
      reason: 'broken jar',
      refundMethod: 'cash',
    });
    rabat.tick(HOUR);
    fes.tick(HOUR);
    for (const s of shops()) await copyJournal(pool, s);

    // The issued statement did not move.
    expect(await getChainStatement(pool, s1.id!)).toEqual(s1);

    const periodEnd2 = Math.max(rabat.now(), fes.now());
    const s2 = await issueChainStatement(pool, {
      coopId: argan,
      periodEnd: periodEnd2,
      issuedBy: 'hq-admin',
      now: periodEnd2 + HOUR,
    });
    expect(s2.periodStart).toBe(periodEnd);
    expect(s2.lines.map((l) => [l.kind, l.shopId, l.sku, l.quantity, l.amount])).toEqual([
      ['sale', 'fes', 'ARG-250', 3_000, 36_000], // the late sale
      ['return', 'fes', 'AML-300', 1_000, 6_550],
      ['void', 'rabat', 'ARG-250', 1_000, 12_000], // paid by S1, voided after: carried back
    ]);
    expect(late.total).toBe(36_000);

    // Every shop's lines claimed exactly once; both statements together are what the shops sold, to the centime.
    const truth = [shopTruth(rabat, rabat.coops.argan.id), shopTruth(fes, fes.coops.argan.id)];
    const sum = (k: 'netSales' | 'payout' | 'commission') => truth.reduce((s, t) => s + t[k], 0);
    expect({
      netSales: s1.totals.netSales + s2.totals.netSales,
      payout: s1.totals.payout + s2.totals.payout,
      commission: s1.totals.commission + s2.totals.commission,
    }).toEqual({ netSales: sum('netSales'), payout: sum('payout'), commission: sum('commission') });
    const unclaimed = await pool.query(
      'SELECT count(*)::int n FROM hq_sale_lines WHERE coop_id = $1 AND statement_id IS NULL AND NOT voided',
      [argan],
    );
    expect(unclaimed.rows[0].n).toBe(0);
    const lines = await pool.query('SELECT count(*)::int n FROM hq_sale_lines WHERE coop_id = $1', [argan]);
    const shopLines =
      (
        rabat.db
          .prepare('SELECT count(*) n FROM sale_lines WHERE cooperative_id = ?')
          .get(rabat.coops.argan.id) as any
      ).n +
      (
        fes.db
          .prepare('SELECT count(*) n FROM sale_lines WHERE cooperative_id = ?')
          .get(fes.coops.argan.id) as any
      ).n;
    expect(lines.rows[0].n).toBe(shopLines);

    // A shop HQ flagged (its journal rewritten or cut) is named on the statements it contributes to.
    await pool.query(
      "UPDATE hq_shops SET flagged_at = 1, flag_reason = 'journal truncated' WHERE id = 'fes'",
    );
    expect((await getChainStatement(pool, s2.id!)).shops.map((x) => [x.shopId, x.flagged])).toEqual([
      ['fes', 'journal truncated'],
      ['rabat', null],
    ]);
    expect(s1.shops.every((x) => x.flagged === null)).toBe(true);

    // Nothing left: a third statement is refused, the period cannot overlap, the honey cooperative is apart.
    await expect(
      issueChainStatement(pool, {
        coopId: argan,
        periodEnd: periodEnd2 + HOUR,
        issuedBy: 'x',
        now: periodEnd2 + 2 * HOUR,
      }),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_EMPTY' });
    await expect(
      issueChainStatement(pool, {
        coopId: argan,
        periodEnd: periodEnd - HOUR,
        issuedBy: 'x',
        now: periodEnd2,
      }),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_STATE' });
    await expect(
      issueChainStatement(pool, { coopId: argan, periodEnd: Date.now() + 86_400_000, issuedBy: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const honey = await draftChainStatement(pool, { coopId: coops.rows[1]!.id, periodEnd: periodEnd2 });
    expect(honey.totals.netSales).toBe(37_500);
  });

  it('an issued statement never changes; it is paid once, with a reference', async () => {
    const [s] = await listChainStatements(pool);
    expect(s).toBeDefined();
    const id = s!.id;
    await expect(
      pool.query('UPDATE hq_statements SET payout = payout + 1 WHERE id = $1', [id]),
    ).rejects.toThrow(/never changes/);
    await expect(pool.query('DELETE FROM hq_statements WHERE id = $1', [id])).rejects.toThrow(
      /never deleted/,
    );
    await expect(
      pool.query('UPDATE hq_statement_lines SET amount = 0 WHERE statement_id = $1', [id]),
    ).rejects.toThrow(/never change/);
    await expect(
      pool.query('UPDATE hq_sale_lines SET statement_id = NULL WHERE statement_id = $1', [id]),
    ).rejects.toThrow(/settled once/);
    await expect(
      markChainStatementPaid(pool, { statementId: id, reference: '  ', paidBy: 'x' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const paid = await markChainStatementPaid(pool, {
      statementId: id,
      reference: 'VIR-2026-118',
      paidBy: 'hq-admin',
      paidAt: Date.UTC(2026, 10, 20, 10),
    });
    expect(paid).toMatchObject({
      status: 'paid',
      paymentReference: 'VIR-2026-118',
      paidAt: Date.UTC(2026, 10, 20, 10),
    });
    await expect(
      markChainStatementPaid(pool, { statementId: id, reference: 'again', paidBy: 'x' }),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_STATE' });
    await expect(
      pool.query("UPDATE hq_statements SET payment_reference = 'other' WHERE id = $1", [id]),
    ).rejects.toThrow(/never changes/);
    await expect(
      markChainStatementPaid(pool, { statementId: 99_999, reference: 'r', paidBy: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('prints the chain statement as the shops do: PDF (French text, Arabic shaped) and CSV, lines by shop', async () => {
    const [s2, s1] = await listChainStatements(pool);
    const first = await getChainStatement(pool, s1!.id);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: await chainStatementPdf(first, { creationDate: new Date(Date.UTC(2026, 10, 21)) }),
    }).toString('utf8');
    expect(text).toContain('RC-2026-0001');
    expect(text).toContain('Rabat Agdal · Huile d');
    expect(text).toContain('Fès Médina · Amlou aux amandes');
    expect(text).toMatch(/Ventes nettes[^\n]*1\s073,50/);
    expect(text).toMatch(/Montant à verser[^\n]*805,12/);

    const second = await getChainStatement(pool, s2!.id);
    const csv = chainStatementCsv(second).split('\r\n');
    expect(csv[0]).toMatch(/^\ufeffType;Réf\.;Produit;/);
    expect(csv).toContain(
      "Vente;ARG-250;Fès Médina · Huile d'argan alimentaire 250 ml;زيت الأركان الغذائي 250 مل;Détail;pce;3;360,00;90,00;270,00",
    );
    expect(csv.find((l) => l.includes('(annulation)'))).toMatch(
      /^Retour;ARG-250;Rabat Agdal · Huile d'argan alimentaire 250 ml \(annulation\);.*;-1;-120,00;-30,00;-90,00$/,
    );
    expect(csv.find((l) => l.startsWith('Total;;Ventes nettes'))).toContain(';174,50;');
    expect(csv).toContain('Info;;Statut;Payé');
  });

  it('a period whose returns outweigh its sales is not paid: refused as a statement, issued as a debit note', async () => {
    const coop = (await pool.query("SELECT id FROM hq_coops WHERE code LIKE 'name:%'")).rows[0].id as number;
    const at = () => rabat.now();
    rabat.tick(3_600_000);
    const paid = await issueChainStatement(pool, {
      coopId: coop,
      periodEnd: at(),
      issuedBy: 'hq',
      now: at(),
    });
    expect(paid).toMatchObject({ number: 'RC-2026-0003', kind: 'statement', totals: { netSales: 37_500 } });
    createReturn(rabat.store, rabat.asManager, {
      clientId: uid('r'),
      saleId: honeyLine.saleId,
      lines: [{ saleLineId: honeyLine.lineId, quantity: 1_500, restock: false }],
      reason: 'spoiled',
      refundMethod: 'cash',
    });
    rabat.tick(3_600_000);
    await copyJournal(pool, shops()[0]!);
    await expect(
      issueChainStatement(pool, { coopId: coop, periodEnd: at(), issuedBy: 'hq', now: at() }),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_NOT_POSITIVE', details: { payout: -27_000 } });
    // Refused: nothing was claimed, the return waits for the next statement or a debit note.
    const left = await pool.query(
      'SELECT count(*)::int n FROM hq_return_lines WHERE coop_id = $1 AND statement_id IS NULL',
      [coop],
    );
    expect(left.rows[0].n).toBe(1);
    const note = await issueChainStatement(pool, {
      coopId: coop,
      periodEnd: at(),
      issuedBy: 'hq',
      now: at(),
      debitNote: true,
    });
    expect(note).toMatchObject({
      number: 'NC-2026-0001',
      kind: 'debit_note',
      totals: { grossSales: 0, returns: 37_500, netSales: -37_500, payout: -27_000 },
    });
  });
});
