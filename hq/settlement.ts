/**
 * Chain-wide settlement: one statement per cooperative and period covering every shop. Issuing claims
 * every line HQ holds for the cooperative that is not yet claimed, sold before the period's end, in one
 * transaction: the claim (UPDATE ... RETURNING) is what the totals are summed from, so a line projected
 * while the statement is being issued is either in it, totalled, or left for the next one, never half.
 * A sale that reaches HQ after the statement was issued (a shop that was offline) is unclaimed, so the
 * next statement takes it; an issued statement's rows never change (triggers in migration 002).
 *
 * Lines the shop settled itself (its own statement's claim) are never paid again by HQ. A void of a line
 * an earlier statement paid, and customer returns, are carried into the next statement as negative lines.
 */
import { fail } from '../core/errors';
import type { Pool } from './db';
import { inTx } from './db';
import { projectAll } from './projections';

export type ChainLineKind = 'sale' | 'return' | 'void';

export interface ChainStatementLine {
  kind: ChainLineKind;
  shopId: string;
  shopName: string;
  productLocalId: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: string;
  /** The tier sold at ('retail' | 'semi' | 'wholesale'); a return is listed under its own kind. */
  tier: string;
  /** Positive milli-units and centimes; returns and voids are subtracted in the totals. */
  quantity: number;
  amount: number;
  payout: number;
  commission: number;
  lines: number;
}

export interface ChainCoop {
  id: number;
  code: string;
  nameFr: string;
  nameAr: string;
  region: string;
  womens: boolean;
  registrationNo: string | null;
  ice: string | null;
  bankName: string | null;
  bankAccount: string | null;
  phone: string | null;
  commissionBp: number;
}

export interface ChainTotals {
  grossSales: number;
  returns: number;
  netSales: number;
  commission: number;
  payout: number;
}

export interface ChainStatement {
  id: number | null;
  number: string | null;
  kind: 'statement' | 'debit_note';
  status: 'draft' | 'issued' | 'paid';
  coop: ChainCoop;
  periodStart: number;
  periodEnd: number;
  issuedAt: number | null;
  issuedBy: string | null;
  paidAt: number | null;
  paymentReference: string | null;
  lines: ChainStatementLine[];
  totals: ChainTotals;
  saleLineCount: number;
  returnLineCount: number;
  /** Per shop: what its lines add up to in this statement. */
  shops: {
    shopId: string;
    shopName: string;
    netSales: number;
    commission: number;
    payout: number;
    /** Why HQ flagged the shop (a rewritten or truncated journal), for staff to look at before paying. */
    flagged: string | null;
  }[];
}

type Db = Pick<Pool, 'query'>;

interface CoopRow {
  id: number;
  code: string;
  name_fr: string;
  name_ar: string;
  region: string;
  womens: boolean;
  registration_no: string | null;
  ice: string | null;
  bank_name: string | null;
  bank_account: string | null;
  phone: string | null;
  commission_bp: number;
}

const toCoop = (r: CoopRow): ChainCoop => ({
  id: r.id,
  code: r.code,
  nameFr: r.name_fr,
  nameAr: r.name_ar,
  region: r.region,
  womens: r.womens,
  registrationNo: r.registration_no,
  ice: r.ice,
  bankName: r.bank_name,
  bankAccount: r.bank_account,
  phone: r.phone,
  commissionBp: r.commission_bp,
});

export async function getChainCoop(db: Db, coopId: number, lock = false): Promise<ChainCoop> {
  const { rows } = await db.query<CoopRow>(
    `SELECT * FROM hq_coops WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [coopId],
  );
  if (!rows[0]) fail('NOT_FOUND', `No cooperative with id ${coopId} at HQ.`, { cooperativeId: coopId });
  return toCoop(rows[0]);
}

export async function listChainCoops(db: Db): Promise<ChainCoop[]> {
  const { rows } = await db.query<CoopRow>('SELECT * FROM hq_coops ORDER BY name_fr, id');
  return rows.map(toCoop);
}

/** Unclaimed, payable lines of a cooperative sold before periodEnd ($1 coop, $2 periodEnd). */
const UNCLAIMED_SALES = `coop_id = $1 AND statement_id IS NULL AND NOT voided AND shop_settlement IS NULL AND at < $2`;
const unclaimedReturns = (t = '') =>
  `${t}coop_id = $1 AND ${t}statement_id IS NULL AND ${t}shop_settlement IS NULL AND ${t}at < $2`;
// A void of a line an earlier statement paid: carried back once, into the first statement after the void.
const UNCLAIMED_VOIDS = `coop_id = $1 AND voided AND statement_id IS NOT NULL AND void_statement_id IS NULL
  AND voided_at < $2`;

interface ClaimRow {
  kind: ChainLineKind;
  shop_id: string;
  product_local_id: number;
  tier: string;
  name_fr: string;
  name_ar: string;
  unit: string;
  qty: number;
  amount: number;
  payout: number;
  commission: number;
  /** How many lines the row sums. */
  n: number;
}

/** Sums rows by what the statement prints (kind, shop, product, tier) in PostgreSQL, not in JS. */
const summed = (rows: string) => `SELECT kind, shop_id, product_local_id, tier, min(name_fr) AS name_fr,
  min(name_ar) AS name_ar, min(unit) AS unit, sum(qty)::bigint AS qty, sum(amount)::bigint AS amount,
  sum(payout)::bigint AS payout, sum(commission)::bigint AS commission, count(*)::int AS n
  FROM (${rows}) x GROUP BY kind, shop_id, product_local_id, tier`;

const SALE_COLUMNS = `shop_id, product_local_id, tier, name_fr, name_ar, unit, qty, amount, payout, commission`;
// A return's names are its sale line's (a return line carries no names of its own).
const RETURN_SELECT = `SELECT 'return' AS kind, r.shop_id, r.product_local_id, 'return' AS tier,
  COALESCE(s.name_fr, p.name_fr, '#' || r.product_local_id) AS name_fr, COALESCE(s.name_ar, p.name_ar, '') AS name_ar,
  COALESCE(s.unit, p.unit, 'piece') AS unit, r.qty, r.amount, r.payout, r.commission
  FROM hq_return_lines r
  LEFT JOIN hq_sale_lines s ON s.shop_id = r.shop_id AND s.line_id = r.sale_line_id
  LEFT JOIN hq_shop_products p ON p.shop_id = r.shop_id AND p.local_id = r.product_local_id`;

/** The flags HQ holds on the statement's shops (hq_shops.flag_reason, set by the ingest). */
async function markFlagged(db: Db, shops: ChainStatement['shops']): Promise<ChainStatement['shops']> {
  if (shops.length === 0) return shops;
  const { rows } = await db.query<{ id: string; flag_reason: string | null }>(
    'SELECT id, flag_reason FROM hq_shops WHERE id = ANY($1::text[])',
    [shops.map((s) => s.shopId)],
  );
  const flags = new Map(rows.map((r) => [r.id, r.flag_reason]));
  return shops.map((s) => ({ ...s, flagged: flags.get(s.shopId) ?? null }));
}

async function shopNames(db: Db): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM hq_shops');
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function skus(db: Db, keys: Iterable<string>): Promise<Map<string, string>> {
  const pairs = [...new Set(keys)].map((k) => k.split('\u0000'));
  if (pairs.length === 0) return new Map();
  const { rows } = await db.query<{ shop_id: string; local_id: number; sku: string | null }>(
    `SELECT p.shop_id, p.local_id, p.sku FROM hq_shop_products p
     JOIN unnest($1::text[], $2::int[]) AS k(shop_id, local_id) ON k.shop_id = p.shop_id AND k.local_id = p.local_id`,
    [pairs.map((p) => p[0]), pairs.map((p) => Number(p[1]))],
  );
  return new Map(rows.filter((r) => r.sku).map((r) => [`${r.shop_id}\u0000${r.local_id}`, r.sku as string]));
}

/** Groups claimed rows as the statement prints them: by kind, shop, product and tier. */
async function group(db: Db, rows: ClaimRow[]): Promise<ChainStatementLine[]> {
  const names = await shopNames(db);
  const key = (r: ClaimRow) => `${r.shop_id}\u0000${r.product_local_id}`;
  const skuOf = await skus(db, rows.map(key));
  const byKey = new Map<string, ChainStatementLine>();
  for (const r of rows) {
    const k = `${r.kind}\u0000${key(r)}\u0000${r.tier}`;
    const line = byKey.get(k) ?? {
      kind: r.kind,
      shopId: r.shop_id,
      shopName: names.get(r.shop_id) ?? r.shop_id,
      productLocalId: r.product_local_id,
      sku: skuOf.get(key(r)) ?? `#${r.product_local_id}`,
      nameFr: r.name_fr,
      nameAr: r.name_ar,
      unit: r.unit,
      tier: r.tier,
      quantity: 0,
      amount: 0,
      payout: 0,
      commission: 0,
      lines: 0,
    };
    line.quantity += Number(r.qty);
    line.amount += Number(r.amount);
    line.payout += Number(r.payout);
    line.commission += Number(r.commission);
    line.lines += Number(r.n);
    byKey.set(k, line);
  }
  const order: Record<ChainLineKind, number> = { sale: 0, return: 1, void: 2 };
  const tiers: Record<string, number> = { retail: 0, semi: 1, wholesale: 2 };
  return [...byKey.values()].sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      a.shopName.localeCompare(b.shopName, 'fr') ||
      a.nameFr.localeCompare(b.nameFr, 'fr') ||
      (tiers[a.tier] ?? 9) - (tiers[b.tier] ?? 9),
  );
}

function totalsOf(lines: readonly ChainStatementLine[]) {
  const sign = (l: ChainStatementLine) => (l.kind === 'sale' ? 1 : -1);
  const sum = (pick: (l: ChainStatementLine) => number, kinds: ChainLineKind[]) =>
    lines.filter((l) => kinds.includes(l.kind)).reduce((s, l) => s + pick(l), 0);
  const grossSales = sum((l) => l.amount, ['sale']);
  const returns = sum((l) => l.amount, ['return', 'void']);
  const totals: ChainTotals = {
    grossSales,
    returns,
    netSales: grossSales - returns,
    commission: lines.reduce((s, l) => s + sign(l) * l.commission, 0),
    payout: lines.reduce((s, l) => s + sign(l) * l.payout, 0),
  };
  const shops = new Map<string, ChainStatement['shops'][number]>();
  for (const l of lines) {
    const s = shops.get(l.shopId) ?? {
      shopId: l.shopId,
      shopName: l.shopName,
      netSales: 0,
      commission: 0,
      payout: 0,
      flagged: null,
    };
    s.netSales += sign(l) * l.amount;
    s.commission += sign(l) * l.commission;
    s.payout += sign(l) * l.payout;
    shops.set(l.shopId, s);
  }
  return {
    totals,
    shops: [...shops.values()].sort((a, b) => a.shopName.localeCompare(b.shopName, 'fr')),
    saleLineCount: sum((l) => l.lines, ['sale']),
    returnLineCount: sum((l) => l.lines, ['return', 'void']),
  };
}

async function periodStartFor(db: Db, coopId: number): Promise<number> {
  const last = await db.query<{ period_end: number }>(
    'SELECT period_end FROM hq_statements WHERE coop_id = $1 ORDER BY period_end DESC LIMIT 1',
    [coopId],
  );
  if (last.rows[0]) return Number(last.rows[0].period_end);
  const first = await db.query<{ at: number | null }>(
    'SELECT min(at) AS at FROM hq_sale_lines WHERE coop_id = $1',
    [coopId],
  );
  return Number(first.rows[0]?.at ?? 0);
}

function checkPeriodEnd(periodEnd: number, now: number): void {
  if (!Number.isSafeInteger(periodEnd) || periodEnd <= 0)
    fail('VALIDATION', 'periodEnd must be a time in epoch milliseconds.', { periodEnd });
  if (periodEnd > now) fail('VALIDATION', 'A settlement period cannot end in the future.', { periodEnd });
}

/**
 * What the cooperative would be paid across the chain for everything HQ holds, unclaimed and sold before
 * periodEnd (older unclaimed lines included, so nothing is ever left out). Writes nothing.
 */
export async function draftChainStatement(
  pool: Pool,
  input: { coopId: number; periodEnd: number },
): Promise<ChainStatement> {
  const coop = await getChainCoop(pool, input.coopId);
  const params = [input.coopId, input.periodEnd];
  const { rows } = await pool.query<ClaimRow>(
    summed(`SELECT 'sale' AS kind, ${SALE_COLUMNS} FROM hq_sale_lines WHERE ${UNCLAIMED_SALES}
     UNION ALL ${RETURN_SELECT} WHERE ${unclaimedReturns('r.')}
     UNION ALL SELECT 'void' AS kind, ${SALE_COLUMNS} FROM hq_sale_lines WHERE ${UNCLAIMED_VOIDS}`),
    params,
  );
  const lines = await group(pool, rows);
  const t = totalsOf(lines);
  return {
    id: null,
    number: null,
    kind: t.totals.payout > 0 || lines.length === 0 ? 'statement' : 'debit_note',
    status: 'draft',
    coop,
    periodStart: await periodStartFor(pool, input.coopId),
    periodEnd: input.periodEnd,
    issuedAt: null,
    issuedBy: null,
    paidAt: null,
    paymentReference: null,
    lines,
    ...t,
    shops: await markFlagged(pool, t.shops),
  };
}

/** One numbering for the chain's statements, apart from the shops' own RG-/ND- series. */
const NUMBER_LOCK = 0x53_4b_52_43; // "SKRC"

/**
 * Issues the chain statement. The same rules as a shop's (db/services/settlements.ts): nothing to settle is
 * SETTLEMENT_EMPTY, a period overlapping an issued one SETTLEMENT_STATE, a balance of zero or less is not a
 * statement (SETTLEMENT_NOT_POSITIVE) unless issued as a debit note. Projects what HQ has received first,
 * so the statement covers every event that arrived before it.
 */
export async function issueChainStatement(
  pool: Pool,
  input: { coopId: number; periodEnd: number; issuedBy: string; debitNote?: boolean; now?: number },
): Promise<ChainStatement> {
  const now = input.now ?? Date.now();
  checkPeriodEnd(input.periodEnd, now);
  await projectAll(pool);
  const id = await inTx(pool, async (c) => {
    const coop = await getChainCoop(c, input.coopId, true);
    const periodStart = await periodStartFor(c, coop.id);
    if (input.periodEnd <= periodStart) {
      fail('SETTLEMENT_STATE', 'This period overlaps a statement already issued for this cooperative.', {
        periodStart,
      });
    }
    const { rows: idRows } = await c.query<{ id: number }>(
      "SELECT nextval(pg_get_serial_sequence('hq_statements', 'id'))::int AS id",
    );
    const id = idRows[0]!.id;
    const params = [coop.id, input.periodEnd, id];
    const sales = await c.query<ClaimRow>(
      `WITH claimed AS (UPDATE hq_sale_lines SET statement_id = $3 WHERE ${UNCLAIMED_SALES}
         RETURNING 'sale' AS kind, ${SALE_COLUMNS})
       ${summed('SELECT * FROM claimed')}`,
      params,
    );
    const returns = await c.query<ClaimRow>(
      `WITH claimed AS (UPDATE hq_return_lines SET statement_id = $3 WHERE ${unclaimedReturns()}
         RETURNING shop_id, line_id)
       ${summed(`${RETURN_SELECT} JOIN claimed k ON k.shop_id = r.shop_id AND k.line_id = r.line_id`)}`,
      params,
    );
    const voids = await c.query<ClaimRow>(
      `WITH claimed AS (UPDATE hq_sale_lines SET void_statement_id = $3 WHERE ${UNCLAIMED_VOIDS}
         RETURNING 'void' AS kind, ${SALE_COLUMNS})
       ${summed('SELECT * FROM claimed')}`,
      params,
    );
    const lines = await group(c, [...sales.rows, ...returns.rows, ...voids.rows]);
    const t = totalsOf(lines);
    if (lines.length === 0)
      fail('SETTLEMENT_EMPTY', `Nothing to settle for ${coop.nameFr} before this date.`, {});
    const kind = input.debitNote === true ? 'debit_note' : 'statement';
    if (kind === 'statement' && t.totals.payout <= 0) {
      fail(
        'SETTLEMENT_NOT_POSITIVE',
        `${coop.nameFr} would be paid ${t.totals.payout} centimes: a statement pays a positive amount. Leave the balance to carry into the next statement, or issue it as a debit note.`,
        { cooperativeId: coop.id, payout: t.totals.payout, netSales: t.totals.netSales },
      );
    }
    if (kind === 'debit_note' && t.totals.payout > 0) {
      fail(
        'SETTLEMENT_STATE',
        `${coop.nameFr} is owed ${t.totals.payout} centimes: that is a statement, not a debit note.`,
        {
          cooperativeId: coop.id,
          payout: t.totals.payout,
        },
      );
    }
    await c.query('SELECT pg_advisory_xact_lock($1)', [NUMBER_LOCK]);
    const year = new Date(now).getUTCFullYear();
    const prefix = `${kind === 'statement' ? 'RC' : 'NC'}-${year}-`;
    const { rows: n } = await c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hq_statements WHERE number LIKE $1',
      [`${prefix}%`],
    );
    const number = `${prefix}${String((n[0]?.n ?? 0) + 1).padStart(4, '0')}`;
    await c.query(
      `INSERT INTO hq_statements (id, number, kind, coop_id, period_start, period_end, issued_at, issued_by,
         gross_sales, returns, net_sales, commission, payout, sale_lines, return_lines)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        id,
        number,
        kind,
        coop.id,
        periodStart,
        input.periodEnd,
        now,
        input.issuedBy,
        t.totals.grossSales,
        t.totals.returns,
        t.totals.netSales,
        t.totals.commission,
        t.totals.payout,
        t.saleLineCount,
        t.returnLineCount,
      ],
    );
    await c.query(
      `INSERT INTO hq_statement_lines (statement_id, n, kind, shop_id, product_local_id, sku, name_fr, name_ar, unit,
         tier, qty, amount, payout, commission, lines)
       SELECT $1, x.n, x.kind, x.shop_id, x.product_local_id, x.sku, x.name_fr, x.name_ar, x.unit, x.tier, x.qty,
         x.amount, x.payout, x.commission, x.lines
       FROM json_to_recordset($2::json) AS x(n int, kind text, shop_id text, product_local_id int, sku text,
         name_fr text, name_ar text, unit text, tier text, qty bigint, amount bigint, payout bigint,
         commission bigint, lines int)`,
      [
        id,
        JSON.stringify(
          lines.map((l, i) => ({
            n: i + 1,
            kind: l.kind,
            shop_id: l.shopId,
            product_local_id: l.productLocalId,
            sku: l.sku,
            name_fr: l.nameFr,
            name_ar: l.nameAr,
            unit: l.unit,
            tier: l.tier,
            qty: l.quantity,
            amount: l.amount,
            payout: l.payout,
            commission: l.commission,
            lines: l.lines,
          })),
        ),
      ],
    );
    return id;
  });
  return getChainStatement(pool, id);
}

interface StatementRow {
  id: number;
  number: string;
  kind: 'statement' | 'debit_note';
  coop_id: number;
  period_start: number;
  period_end: number;
  issued_at: number;
  issued_by: string;
  paid_at: number | null;
  payment_reference: string | null;
}

/** An issued statement as it was issued (its own lines, never the live projections). */
export async function getChainStatement(db: Db, id: number, coopId?: number): Promise<ChainStatement> {
  const { rows } = await db.query<StatementRow>(
    `SELECT id, number, kind, coop_id, period_start, period_end, issued_at, issued_by, paid_at, payment_reference
     FROM hq_statements WHERE id = $1 AND ($2::int IS NULL OR coop_id = $2)`,
    [id, coopId ?? null],
  );
  const s = rows[0];
  if (!s) fail('NOT_FOUND', `No statement with id ${id}.`, { statementId: id });
  const names = await shopNames(db);
  const { rows: lineRows } = await db.query<{
    kind: ChainLineKind;
    shop_id: string;
    product_local_id: number;
    sku: string;
    name_fr: string;
    name_ar: string;
    unit: string;
    tier: string;
    qty: number;
    amount: number;
    payout: number;
    commission: number;
    lines: number;
  }>('SELECT * FROM hq_statement_lines WHERE statement_id = $1 ORDER BY n', [id]);
  const lines = lineRows.map((r): ChainStatementLine => ({
    kind: r.kind,
    shopId: r.shop_id,
    shopName: names.get(r.shop_id) ?? r.shop_id,
    productLocalId: r.product_local_id,
    sku: r.sku,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    unit: r.unit,
    tier: r.tier,
    quantity: Number(r.qty),
    amount: Number(r.amount),
    payout: Number(r.payout),
    commission: Number(r.commission),
    lines: r.lines,
  }));
  const t = totalsOf(lines);
  return {
    id: s.id,
    number: s.number,
    kind: s.kind,
    status: s.paid_at === null ? 'issued' : 'paid',
    coop: await getChainCoop(db, s.coop_id),
    periodStart: Number(s.period_start),
    periodEnd: Number(s.period_end),
    issuedAt: Number(s.issued_at),
    issuedBy: s.issued_by,
    paidAt: s.paid_at === null ? null : Number(s.paid_at),
    paymentReference: s.payment_reference,
    lines,
    ...t,
    shops: await markFlagged(db, t.shops),
  };
}

export interface ChainStatementSummary {
  id: number;
  number: string;
  kind: 'statement' | 'debit_note';
  coopId: number;
  periodStart: number;
  periodEnd: number;
  issuedAt: number;
  netSales: number;
  commission: number;
  payout: number;
  paidAt: number | null;
  paymentReference: string | null;
}

/** Issued statements, newest first; of one cooperative when coopId is given. */
export async function listChainStatements(db: Db, coopId?: number): Promise<ChainStatementSummary[]> {
  const { rows } = await db.query<StatementRow & { net_sales: number; commission: number; payout: number }>(
    `SELECT * FROM hq_statements WHERE ($1::int IS NULL OR coop_id = $1) ORDER BY period_end DESC, id DESC`,
    [coopId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    kind: r.kind,
    coopId: r.coop_id,
    periodStart: Number(r.period_start),
    periodEnd: Number(r.period_end),
    issuedAt: Number(r.issued_at),
    netSales: Number(r.net_sales),
    commission: Number(r.commission),
    payout: Number(r.payout),
    paidAt: r.paid_at === null ? null : Number(r.paid_at),
    paymentReference: r.payment_reference,
  }));
}

/** Records the payment of an issued statement, once, with the bank or cash reference. */
export async function markChainStatementPaid(
  pool: Pool,
  input: { statementId: number; reference: string; paidBy: string; paidAt?: number },
): Promise<ChainStatement> {
  const reference = input.reference.trim();
  if (reference === '' || reference.length > 100)
    fail('VALIDATION', 'A payment needs a reference (1 to 100 characters).', { reference: input.reference });
  await inTx(pool, async (c) => {
    const { rows } = await c.query<{ paid_at: number | null }>(
      'SELECT paid_at FROM hq_statements WHERE id = $1 FOR UPDATE',
      [input.statementId],
    );
    if (!rows[0])
      fail('NOT_FOUND', `No statement with id ${input.statementId}.`, { statementId: input.statementId });
    if (rows[0].paid_at !== null)
      fail('SETTLEMENT_STATE', 'This statement is already marked paid.', { statementId: input.statementId });
    await c.query(
      'UPDATE hq_statements SET paid_at = $2, paid_by = $3, payment_reference = $4 WHERE id = $1',
      [input.statementId, input.paidAt ?? Date.now(), input.paidBy, reference],
    );
  });
  return getChainStatement(pool, input.statementId);
}
