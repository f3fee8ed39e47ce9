import { countTotal, MAD_DENOMINATIONS, PAYMENT_METHODS, type PaymentMethod } from '../../core/cash';
import { fail } from '../../core/errors';
import { appendJournal } from '../journal';
import { contentFingerprint, refuseReusedClientId } from './client-ids';
import { tillOf, type Actor, type Store } from '../store';
import { writePendingSeals } from './seals';
import type { CashReport, CashSession } from '../../core/cash-report';

// The shapes are core's (core/cash-report.ts), re-exported for the services and handlers that import them from here.
export type { CashReport, CashSession };

interface SessionRow {
  id: number;
  till_id: string;
  opened_by: number;
  opened_at: number;
  opening_float: number;
  closed_at: number | null;
  closed_by: number | null;
  counted_cash: number | null;
  z_report: string | null;
  z_seq: number | null;
  z_hash: string | null;
}

const toSession = (r: SessionRow): CashSession => ({
  id: r.id,
  tillId: r.till_id,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  openingFloat: r.opening_float,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
});

/** The open session of a till (the station's own unless the caller's till is named: tillOf). */
export function currentSession(store: Store, tillId: string = store.tillId): CashSession | null {
  const r = store.get<SessionRow>(
    'SELECT * FROM cash_sessions WHERE till_id = ? AND closed_at IS NULL',
    tillId,
  );
  return r ? toSession(r) : null;
}

export function currentSessionId(store: Store, tillId: string = store.tillId): number {
  const r = store.get<{ id: number }>(
    'SELECT id FROM cash_sessions WHERE till_id = ? AND closed_at IS NULL',
    tillId,
  );
  if (!r)
    fail('NO_CASH_SESSION', `No cash session is open on till ${tillId}: open one with a float first.`, {
      tillId,
    });
  return r.id;
}

export function openSession(store: Store, actor: Actor, input: { openingFloat: number }): CashSession {
  const tillId = tillOf(store, actor);
  const opened = store.tx(() => {
    if (currentSession(store, tillId))
      fail('CASH_SESSION_OPEN', `A cash session is already open on till ${tillId}.`, { tillId });
    if (!Number.isSafeInteger(input.openingFloat) || input.openingFloat < 0) {
      fail(
        'VALIDATION',
        `The opening float must be a whole, non-negative number of centimes, got ${input.openingFloat}.`,
        {
          openingFloat: input.openingFloat,
        },
      );
    }
    const { lastInsertRowid: id } = store.run(
      'INSERT INTO cash_sessions (till_id, opened_by, opened_at, opening_float) VALUES (?, ?, ?, ?)',
      tillId,
      actor.userId,
      store.now(),
      input.openingFloat,
    );
    appendJournal(store, { userId: actor.userId, kind: 'cash.open', ref: `session:${id}`, payload: input });
    return toSession(store.get<SessionRow>('SELECT * FROM cash_sessions WHERE id = ?', id) as SessionRow);
  });
  // A seal the last Z close could not write (a crash right after it, a full disk) is written before the
  // new day's sales pile up after it.
  writePendingSeals(store);
  return opened;
}

export interface CashMovementInput {
  /**
   * The till's id for this movement, made once when the cashier confirms it: a retry after a lost answer
   * gets the stored movement instead of a second one. Optional: callers from before send none.
   */
  clientId?: string;
  kind: 'in' | 'out';
  amount: number;
  reason: string;
}

/** What makes two cash movements the same: direction, amount and reason. */
function cashMovementFingerprint(m: { kind: string; amount: number; reason: string }): string {
  return contentFingerprint({ kind: m.kind, amount: m.amount, reason: m.reason });
}

export function cashMovement(
  store: Store,
  actor: Actor,
  input: CashMovementInput,
): { id: number; replayed: boolean } {
  return store.tx(() => {
    if (input.clientId !== undefined) {
      // Looked up before the session: a retry that arrives after the close still finds its movement.
      const existing = store.get<{
        id: number;
        session_id: number;
        kind: string;
        amount: number;
        reason: string;
      }>(
        'SELECT id, session_id, kind, amount, reason FROM cash_movements WHERE client_id = ?',
        input.clientId,
      );
      if (existing) {
        refuseReusedClientId(
          'cash_movement',
          input.clientId,
          cashMovementFingerprint(existing),
          cashMovementFingerprint(input),
          `cash movement ${existing.id} (cash ${existing.kind} of ${existing.amount} in session ${existing.session_id})`,
          { movementId: existing.id, sessionId: existing.session_id },
        );
        return { id: existing.id, replayed: true };
      }
    }
    const sessionId = currentSessionId(store, tillOf(store, actor));
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      fail('VALIDATION', `A cash ${input.kind} must be a positive number of centimes, got ${input.amount}.`, {
        amount: input.amount,
      });
    }
    if (input.kind === 'out') {
      const expected = cashReport(store, sessionId).expectedCash;
      if (input.amount > expected) {
        fail('VALIDATION', `Cannot take ${input.amount} out of a drawer expected to hold ${expected}.`, {
          expected,
        });
      }
    }
    const { lastInsertRowid: id } = store.run(
      'INSERT INTO cash_movements (session_id, kind, amount, reason, user_id, at, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      sessionId,
      input.kind,
      input.amount,
      input.reason,
      actor.userId,
      store.now(),
      input.clientId ?? null,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: `cash.${input.kind}`,
      ref: `session:${sessionId}`,
      payload: input,
    });
    return { id, replayed: false };
  });
}

const zeroMethods = (): Record<PaymentMethod, number> => ({ cash: 0, card: 0, mobile: 0, voucher: 0 });

/** X report: the running totals of a session (also the body of the Z report at close); by default the till's open one. */
export function cashReport(store: Store, sessionId?: number, tillId: string = store.tillId): CashReport {
  const id = sessionId ?? currentSessionId(store, tillId);
  const s = store.get<SessionRow>('SELECT * FROM cash_sessions WHERE id = ?', id);
  if (!s) fail('NOT_FOUND', `No cash session ${id}.`, { sessionId: id });
  const sales = store.get<{
    n: number;
    total: number;
    disc: number;
    first: number | null;
    last: number | null;
  }>(
    `SELECT COUNT(*) n, COALESCE(SUM(total), 0) total, COALESCE(SUM(discount_total), 0) disc,
       MIN(receipt_no) first, MAX(receipt_no) last
     FROM sales WHERE session_id = ? AND voided_at IS NULL`,
    id,
  ) as { n: number; total: number; disc: number; first: number | null; last: number | null };
  const voids = store.get<{ n: number; total: number }>(
    'SELECT COUNT(*) n, COALESCE(SUM(total), 0) total FROM sales WHERE session_id = ? AND voided_at IS NOT NULL',
    id,
  ) as { n: number; total: number };
  const byMethod = zeroMethods();
  for (const r of store.all<{ method: PaymentMethod; amount: number }>(
    `SELECT p.method, SUM(p.amount) amount FROM payments p JOIN sales s ON s.id = p.sale_id
     WHERE s.session_id = ? AND s.voided_at IS NULL GROUP BY p.method`,
    id,
  )) {
    byMethod[r.method] = r.amount;
  }
  const refundsByMethod = zeroMethods();
  for (const r of store.all<{ method: PaymentMethod; amount: number }>(
    `SELECT p.method, SUM(p.amount) amount FROM payments p JOIN customer_returns r ON r.id = p.return_id
     WHERE r.session_id = ? GROUP BY p.method`,
    id,
  )) {
    refundsByMethod[r.method] = r.amount;
  }
  const refunds = store.get<{ n: number; total: number }>(
    'SELECT COUNT(*) n, COALESCE(SUM(total), 0) total FROM customer_returns WHERE session_id = ?',
    id,
  ) as { n: number; total: number };
  const byTier = { retail: 0, semi: 0, wholesale: 0 };
  for (const r of store.all<{ tier: 'retail' | 'semi' | 'wholesale'; amount: number }>(
    `SELECT l.tier, SUM(l.amount) amount FROM sale_lines l JOIN sales s ON s.id = l.sale_id
     WHERE s.session_id = ? AND s.voided_at IS NULL GROUP BY l.tier`,
    id,
  )) {
    byTier[r.tier] = r.amount;
  }
  const vatByCode = store.all<{ vatCode: string; amount: number }>(
    `SELECT l.vat_code vatCode, SUM(l.amount) amount FROM sale_lines l JOIN sales s ON s.id = l.sale_id
     WHERE s.session_id = ? AND s.voided_at IS NULL GROUP BY l.vat_code ORDER BY l.vat_code`,
    id,
  );
  const moves = store.get<{ cin: number; cout: number }>(
    `SELECT COALESCE(SUM(CASE WHEN kind = 'in' THEN amount END), 0) cin,
       COALESCE(SUM(CASE WHEN kind = 'out' THEN amount END), 0) cout
     FROM cash_movements WHERE session_id = ?`,
    id,
  ) as { cin: number; cout: number };
  const expectedCash = s.opening_float + byMethod.cash - refundsByMethod.cash + moves.cin - moves.cout;
  return {
    sessionId: id,
    tillId: s.till_id,
    openedAt: s.opened_at,
    closedAt: s.closed_at,
    openingFloat: s.opening_float,
    salesCount: sales.n,
    salesTotal: sales.total,
    discountTotal: sales.disc,
    voidCount: voids.n,
    voidTotal: voids.total,
    refundCount: refunds.n,
    refundTotal: refunds.total,
    byMethod,
    refundsByMethod,
    byTier,
    vatByCode,
    cashIn: moves.cin,
    cashOut: moves.cout,
    expectedCash,
    countedCash: s.counted_cash,
    variance: s.counted_cash === null ? null : s.counted_cash - expectedCash,
    firstReceiptNo: sales.first,
    lastReceiptNo: sales.last,
    journalSeq: s.z_seq,
    journalHash: s.z_hash,
  };
}

export type DenominationCounts = Partial<Record<string, number>>;

/**
 * Z close: the count by denomination is recorded with the variance; the session can no longer take sales.
 * The journal head after the close entry is sealed: kept on the session, printed on the Z report and
 * appended to the seals file once the close has committed.
 */
export function closeSession(store: Store, actor: Actor, input: { counts: DenominationCounts }): CashReport {
  const closed = store.tx(() => {
    const sessionId = currentSessionId(store, tillOf(store, actor));
    for (const key of Object.keys(input.counts)) {
      const n = input.counts[key];
      if (
        !MAD_DENOMINATIONS.some((d) => String(d) === key) ||
        n === undefined ||
        !Number.isSafeInteger(n) ||
        n < 0
      ) {
        fail('VALIDATION', `"${key}" is not a Moroccan denomination with a whole, non-negative count.`, {
          key,
        });
      }
    }
    const counted = countTotal(input.counts);
    const report = cashReport(store, sessionId);
    const closedAt = store.now();
    store.run(
      `UPDATE cash_sessions SET closed_at = ?, closed_by = ?, expected_cash = ?, counted_cash = ?, counts = ?
       WHERE id = ?`,
      closedAt,
      actor.userId,
      report.expectedCash,
      counted,
      JSON.stringify(input.counts),
      sessionId,
    );
    // The close entry covers the closed session's rows, and the seal covers the close entry: so the count
    // is written first, then the entry, then the head it produced.
    const head = appendJournal(store, {
      userId: actor.userId,
      kind: 'cash.close',
      ref: `session:${sessionId}`,
      payload: { expected: report.expectedCash, counted, salesTotal: report.salesTotal },
    });
    const z = {
      ...report,
      closedAt,
      countedCash: counted,
      variance: counted - report.expectedCash,
      counts: input.counts,
      journalSeq: head.seq,
      journalHash: head.hash,
    };
    store.run(
      'UPDATE cash_sessions SET z_report = ?, z_seq = ?, z_hash = ? WHERE id = ?',
      JSON.stringify(z),
      head.seq,
      head.hash,
      sessionId,
    );
    return cashReport(store, sessionId);
  });
  writePendingSeals(store);
  return closed;
}

/** Recent sessions, newest first: of one till, or of every till of the shop (the manager's view) with the till's name. */
export function listSessions(
  store: Store,
  options: { tillId?: string | null; limit?: number } = {},
): (CashSession & { tillName: string })[] {
  return store
    .all<SessionRow & { till_name: string }>(
      `SELECT s.*, t.name till_name FROM cash_sessions s JOIN tills t ON t.id = s.till_id
       WHERE ? IS NULL OR s.till_id = ? ORDER BY s.id DESC LIMIT ?`,
      options.tillId ?? null,
      options.tillId ?? null,
      options.limit ?? 50,
    )
    .map((r) => ({ ...toSession(r), tillName: r.till_name }));
}

export { PAYMENT_METHODS };
