import { fail } from '../../core/errors';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import { getCooperative } from './cooperatives';
import type {
  SettlementKind,
  SettlementStatement,
  SettlementSummary,
  StatementLine,
} from '../../core/settlement';

// The shapes are core's (core/settlement.ts), re-exported for the services and handlers that import them from here.
export type { SettlementKind, SettlementStatement, SettlementSummary, StatementLine };

interface Scope {
  where: string;
  params: unknown[];
}

function unsettledScope(cooperativeId: number, periodEnd: number): { sales: Scope; returns: Scope } {
  return {
    sales: {
      where: 's.cooperative_id = ? AND s.settlement_id IS NULL AND s.voided = 0 AND s.at < ?',
      params: [cooperativeId, periodEnd],
    },
    returns: {
      where: 'r.cooperative_id = ? AND r.settlement_id IS NULL AND r.at < ?',
      params: [cooperativeId, periodEnd],
    },
  };
}

function settledScope(settlementId: number): { sales: Scope; returns: Scope } {
  return {
    sales: { where: 's.settlement_id = ?', params: [settlementId] },
    returns: { where: 'r.settlement_id = ?', params: [settlementId] },
  };
}

function collect(store: Store, scope: { sales: Scope; returns: Scope }) {
  const sales = store.all<StatementLine & { n: number }>(
    `SELECT s.product_id productId, p.sku, p.name_fr nameFr, p.name_ar nameAr, p.unit, s.tier, SUM(s.qty) quantity,
       SUM(s.amount) amount, SUM(s.payout) payout, SUM(s.commission) commission, COUNT(*) n
     FROM sale_lines s JOIN products p ON p.id = s.product_id
     WHERE ${scope.sales.where} GROUP BY s.product_id, s.tier ORDER BY p.name_fr, s.tier`,
    ...scope.sales.params,
  );
  const returns = store.all<Omit<StatementLine, 'tier'> & { n: number }>(
    `SELECT r.product_id productId, p.sku, p.name_fr nameFr, p.name_ar nameAr, p.unit, SUM(r.qty) quantity,
       SUM(r.amount) amount, SUM(r.payout) payout, SUM(r.commission) commission, COUNT(*) n
     FROM return_lines r JOIN products p ON p.id = r.product_id
     WHERE ${scope.returns.where} GROUP BY r.product_id ORDER BY p.name_fr`,
    ...scope.returns.params,
  );
  const sum = (
    rows: { amount: number; payout: number; commission: number }[],
    k: 'amount' | 'payout' | 'commission',
  ) => rows.reduce((s, r) => s + r[k], 0);
  const grossSales = sum(sales, 'amount');
  const returned = sum(returns, 'amount');
  return {
    sales: sales.map(({ n: _n, ...l }) => l),
    returns: returns.map(({ n: _n, ...l }) => l),
    totals: {
      grossSales,
      returns: returned,
      netSales: grossSales - returned,
      payout: sum(sales, 'payout') - sum(returns, 'payout'),
      commission: sum(sales, 'commission') - sum(returns, 'commission'),
    },
    saleLineCount: sales.reduce((s, r) => s + r.n, 0),
    returnLineCount: returns.reduce((s, r) => s + r.n, 0),
  };
}

function periodStartFor(store: Store, cooperativeId: number): number {
  const last = store.get<{ period_end: number }>(
    'SELECT period_end FROM settlements WHERE cooperative_id = ? ORDER BY period_end DESC LIMIT 1',
    cooperativeId,
  );
  if (last) return last.period_end;
  const first = store.get<{ at: number | null }>(
    'SELECT MIN(at) at FROM sale_lines WHERE cooperative_id = ?',
    cooperativeId,
  );
  return first?.at ?? 0;
}

/**
 * What a cooperative would be paid for everything sold and not yet settled before periodEnd (earlier
 * unsettled lines included, so nothing is ever left out), net of customer returns not yet carried.
 */
export function draftSettlement(
  store: Store,
  input: { cooperativeId: number; periodEnd: number },
): SettlementStatement {
  const cooperative = getCooperative(store, input.cooperativeId);
  const c = collect(store, unsettledScope(input.cooperativeId, input.periodEnd));
  return {
    id: null,
    number: null,
    // An empty draft is an (empty) statement, not a debit note: nothing is owed either way.
    kind: c.totals.payout > 0 || c.saleLineCount + c.returnLineCount === 0 ? 'statement' : 'debit_note',
    status: 'draft',
    cooperative,
    periodStart: periodStartFor(store, input.cooperativeId),
    periodEnd: input.periodEnd,
    issuedAt: null,
    paidAt: null,
    paymentReference: null,
    ...c,
  };
}

/**
 * Issues the statement: every line it covers is claimed by it, once and for ever. A balance of zero or less
 * (returns carried from earlier statements outweigh the period's sales) is not paid out: by default it is
 * refused and its lines stay unclaimed, so the next statement nets them against new sales; the manager may
 * instead issue it now as a debit note (`debitNote`), a separate ND- series, when the cooperative is to repay.
 */
export function issueSettlement(
  store: Store,
  actor: Actor,
  input: { cooperativeId: number; periodEnd: number; debitNote?: boolean | undefined },
): SettlementStatement {
  return store.tx(() => {
    const now = store.now();
    if (input.periodEnd > now)
      fail('VALIDATION', 'A settlement period cannot end in the future.', { periodEnd: input.periodEnd });
    const periodStart = periodStartFor(store, input.cooperativeId);
    if (input.periodEnd <= periodStart) {
      fail('SETTLEMENT_STATE', 'This period overlaps a settlement already issued for this cooperative.', {
        periodStart,
      });
    }
    const draft = draftSettlement(store, input);
    if (draft.saleLineCount === 0 && draft.returnLineCount === 0) {
      fail('SETTLEMENT_EMPTY', `Nothing to settle for ${draft.cooperative.nameFr} before this date.`, {});
    }
    const { payout } = draft.totals;
    const kind: SettlementKind = input.debitNote === true ? 'debit_note' : 'statement';
    if (kind === 'statement' && payout <= 0) {
      fail(
        'SETTLEMENT_NOT_POSITIVE',
        `${draft.cooperative.nameFr} would be paid ${payout} centimes: a statement pays a positive amount. Leave the balance to carry into the next statement, or issue it as a debit note.`,
        {
          cooperativeId: input.cooperativeId,
          payout,
          netSales: draft.totals.netSales,
          saleLineCount: draft.saleLineCount,
          returnLineCount: draft.returnLineCount,
        },
      );
    }
    if (kind === 'debit_note' && payout > 0) {
      fail(
        'SETTLEMENT_STATE',
        `${draft.cooperative.nameFr} is owed ${payout} centimes: that is a statement, not a debit note.`,
        { cooperativeId: input.cooperativeId, payout },
      );
    }
    const year = new Date(now).getUTCFullYear();
    const prefix = kind === 'statement' ? 'RG' : 'ND';
    const seq =
      (store.get<{ n: number }>(
        'SELECT COUNT(*) n FROM settlements WHERE number LIKE ?',
        `${prefix}-${year}-%`,
      )?.n ?? 0) + 1;
    const number = `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
    const { lastInsertRowid: id } = store.run(
      `INSERT INTO settlements (number, kind, cooperative_id, period_start, period_end, issued_at, issued_by, net_sales,
         commission, payout, sale_lines, return_lines)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      number,
      kind,
      input.cooperativeId,
      periodStart,
      input.periodEnd,
      now,
      actor.userId,
      draft.totals.netSales,
      draft.totals.commission,
      draft.totals.payout,
      draft.saleLineCount,
      draft.returnLineCount,
    );
    const scope = unsettledScope(input.cooperativeId, input.periodEnd);
    const claimedSales = store.run(
      `UPDATE sale_lines AS s SET settlement_id = ? WHERE ${scope.sales.where}`,
      id,
      ...scope.sales.params,
    ).changes;
    const claimedReturns = store.run(
      `UPDATE return_lines AS r SET settlement_id = ? WHERE ${scope.returns.where}`,
      id,
      ...scope.returns.params,
    ).changes;
    if (claimedSales !== draft.saleLineCount || claimedReturns !== draft.returnLineCount) {
      throw new Error('settlement claimed a different set of lines than it totalled');
    }
    appendJournal(store, {
      userId: actor.userId,
      kind: 'settlement.issue',
      ref: `settlement:${id}`,
      payload: { number, kind, cooperativeId: input.cooperativeId, totals: draft.totals },
    });
    // The claimed lines are exactly the draft's (checked above): no need to read them back.
    return { ...draft, id, number, kind, status: 'issued', periodStart, issuedAt: now };
  });
}

interface SettlementRow {
  id: number;
  number: string;
  kind: SettlementKind;
  cooperative_id: number;
  period_start: number;
  period_end: number;
  issued_at: number;
  paid_at: number | null;
  payment_reference: string | null;
  net_sales: number;
  commission: number;
  payout: number;
}

export function getSettlement(store: Store, id: number): SettlementStatement {
  const s = store.get<SettlementRow>('SELECT * FROM settlements WHERE id = ?', id);
  if (!s) fail('NOT_FOUND', `No settlement with id ${id}.`, { settlementId: id });
  const c = collect(store, settledScope(id));
  return {
    id: s.id,
    number: s.number,
    kind: s.kind,
    status: s.paid_at === null ? 'issued' : 'paid',
    cooperative: getCooperative(store, s.cooperative_id),
    periodStart: s.period_start,
    periodEnd: s.period_end,
    issuedAt: s.issued_at,
    paidAt: s.paid_at,
    paymentReference: s.payment_reference,
    ...c,
  };
}

export function markSettlementPaid(
  store: Store,
  actor: Actor,
  input: { settlementId: number; reference: string },
): SettlementStatement {
  return store.tx(() => {
    const s = store.get<SettlementRow>('SELECT * FROM settlements WHERE id = ?', input.settlementId);
    if (!s) fail('NOT_FOUND', `No settlement with id ${input.settlementId}.`, {});
    if (s.paid_at !== null) fail('SETTLEMENT_STATE', `Settlement ${s.number} is already marked paid.`, {});
    store.run(
      'UPDATE settlements SET paid_at = ?, paid_by = ?, payment_reference = ? WHERE id = ?',
      store.now(),
      actor.userId,
      input.reference,
      s.id,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'settlement.paid',
      ref: `settlement:${s.id}`,
      payload: input,
    });
    return getSettlement(store, s.id);
  });
}

export function listSettlements(store: Store, cooperativeId?: number | null): SettlementSummary[] {
  return store
    .all<SettlementRow>(
      `SELECT * FROM settlements ${cooperativeId ? 'WHERE cooperative_id = ?' : ''} ORDER BY issued_at DESC`,
      ...(cooperativeId ? [cooperativeId] : []),
    )
    .map((s) => ({
      id: s.id,
      number: s.number,
      kind: s.kind,
      cooperativeId: s.cooperative_id,
      periodStart: s.period_start,
      periodEnd: s.period_end,
      issuedAt: s.issued_at,
      netSales: s.net_sales,
      commission: s.commission,
      payout: s.payout,
      paidAt: s.paid_at,
    }));
}
