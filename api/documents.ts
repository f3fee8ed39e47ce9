import { fail } from '../core/errors';
import type { Language } from '../core/languages';
import { cashReport } from '../db/services/cash';
import { getSettings } from '../db/services/settings';
import { getUser } from '../db/services/users';
import { draftSettlement, getSettlement, type SettlementStatement } from '../db/services/settlements';
import { stockOnHand } from '../db/services/stock';
import type { Store } from '../db/store';
import { coopReturnNotePdf } from '../documents/coop-return-note';
import { settlementCsv } from '../documents/settlement-csv';
import { settlementPdf, type ShopIdentity } from '../documents/settlement-pdf';
import { zReportText } from '../documents/z-report';

function shopIdentity(store: Store): ShopIdentity {
  const { shop } = getSettings(store);
  return {
    name: shop.name,
    address: [shop.address, shop.city].filter(Boolean).join(', '),
    ice: shop.ice,
    if: shop.if,
    rc: shop.rc,
  };
}

function statementFor(
  store: Store,
  input: { id?: number; cooperativeId?: number; periodEnd?: number },
): SettlementStatement {
  if (input.id) return getSettlement(store, input.id);
  if (input.cooperativeId && input.periodEnd !== undefined) {
    return draftSettlement(store, { cooperativeId: input.cooperativeId, periodEnd: input.periodEnd });
  }
  return fail('VALIDATION', 'Give a settlement id, or a cooperative and a period end for a draft.', {});
}

const fileStem = (s: SettlementStatement) =>
  `releve-${s.number ?? 'brouillon'}-${s.cooperative.nameFr
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}`;

/** The statement a cooperative receives: issued (or a draft, watermarked) with what remains on the shelf. */
export function settlementPdfFile(
  store: Store,
  input: { id?: number; cooperativeId?: number; periodEnd?: number },
) {
  const statement = statementFor(store, input);
  const stock = stockOnHand(store, { cooperativeId: statement.cooperative.id });
  const pdf = settlementPdf(statement, { shop: shopIdentity(store), stock });
  return { fileName: `${fileStem(statement)}.pdf`, pdfBase64: pdf.toString('base64') };
}

export function settlementCsvFile(
  store: Store,
  input: { id?: number; cooperativeId?: number; periodEnd?: number },
) {
  const statement = statementFor(store, input);
  return { fileName: `${fileStem(statement)}.csv`, csv: settlementCsv(statement) };
}

export function coopReturnNoteFile(store: Store, returnId: number) {
  const r = store.get<{ id: number; cooperative_id: number; reason: string; at: number }>(
    'SELECT * FROM coop_returns WHERE id = ?',
    returnId,
  );
  if (!r) fail('NOT_FOUND', `No return to a cooperative with id ${returnId}.`, { returnId });
  const coop = store.get<{ name_fr: string; name_ar: string }>(
    'SELECT name_fr, name_ar FROM cooperatives WHERE id = ?',
    r.cooperative_id,
  );
  const lines = store.all<{
    sku: string;
    nameFr: string;
    nameAr: string;
    unit: 'piece' | 'kg' | 'l';
    quantity: number;
    lot: string;
    unitPrice: number;
    bestBefore: string | null;
  }>(
    // The best-before is the lot's, from the latest delivery of that lot by this cooperative.
    `SELECT p.sku, p.name_fr nameFr, p.name_ar nameAr, p.unit, l.qty quantity, l.lot, p.retail_price unitPrice,
       (SELECT dl.best_before FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
        WHERE dl.product_id = l.product_id AND dl.lot = l.lot AND d.cooperative_id = ?
        ORDER BY dl.id DESC LIMIT 1) bestBefore
     FROM coop_return_lines l JOIN products p ON p.id = l.product_id WHERE l.coop_return_id = ? ORDER BY l.id`,
    r.cooperative_id,
    returnId,
  );
  const number = `BR-${String(r.id).padStart(5, '0')}`;
  const pdf = coopReturnNotePdf({
    shop: shopIdentity(store),
    cooperative: { nameFr: coop?.name_fr ?? '', nameAr: coop?.name_ar ?? '' },
    number,
    at: r.at,
    reason: r.reason,
    lines: lines.map((l) => ({ ...l, lot: l.lot || null })),
  });
  return { fileName: `bon-de-retour-${number}.pdf`, pdfBase64: pdf.toString('base64') };
}

/** The X or Z report as a user prints it (cash.printReport): their name on it, in their language, 42 columns. */
export function cashReportPrintout(store: Store, sessionId: number | undefined, userId: number) {
  const me = getUser(store, userId);
  return cashReportLines(store, sessionId, me.name, me.language, 42);
}

/** X (open session) or Z (closed) report lines for the receipt printer or the screen. */
export function cashReportLines(
  store: Store,
  sessionId: number | undefined,
  cashier: string,
  language: Language,
  columns: 32 | 42 | 48,
) {
  const report = cashReport(store, sessionId);
  return zReportText(report, { shopName: getSettings(store).shop.name, cashier, language, columns });
}
