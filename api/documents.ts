import { fail } from '../core/errors';
import type { Language } from '../core/languages';
import { cashReport } from '../db/services/cash';
import { coopReturnNoteData } from '../db/services/coop-returns';
import { getSettings } from '../db/services/settings';
import { getUser } from '../db/services/users';
import { getTransfer } from '../db/services/transfers';
import { draftSettlement, getSettlement, type SettlementStatement } from '../db/services/settlements';
import { stockOnHand } from '../db/services/stock';
import type { Store } from '../db/store';
import { cashReportPdf } from '../documents/cash-report-pdf';
import { coopReturnNotePdf } from '../documents/coop-return-note';
import { transferNotePdf, transferNoteNumber } from '../documents/transfer-note';
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
export async function settlementPdfFile(
  store: Store,
  input: { id?: number; cooperativeId?: number; periodEnd?: number; language?: Language },
) {
  const statement = statementFor(store, input);
  const stock = stockOnHand(store, { cooperativeId: statement.cooperative.id });
  // Printed by Chromium in its own process (documents/pdf/): this thread only awaits the bytes.
  const pdf = await settlementPdf(statement, { shop: shopIdentity(store), stock, lang: input.language });
  // The bytes themselves (api/document-body.ts): base64 only if the answer goes out as JSON.
  return { fileName: `${fileStem(statement)}.pdf`, pdfBase64: pdf };
}

export function settlementCsvFile(
  store: Store,
  input: { id?: number; cooperativeId?: number; periodEnd?: number },
) {
  const statement = statementFor(store, input);
  return { fileName: `${fileStem(statement)}.csv`, csv: settlementCsv(statement) };
}

export async function coopReturnNoteFile(store: Store, returnId: number, language?: Language) {
  const note = coopReturnNoteData(store, returnId);
  const pdf = await coopReturnNotePdf(
    {
      shop: shopIdentity(store),
      cooperative: { nameFr: note.cooperative.nameFr, nameAr: note.cooperative.nameAr },
      number: note.number,
      at: note.at,
      reason: note.reason,
      lines: note.lines,
    },
    { lang: language },
  );
  return { fileName: `bon-de-retour-${note.number}.pdf`, pdfBase64: pdf };
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

/** The X or Z report on A4 (documents/html/cash-report.ts): the asker's name on it, in their language unless one is given. */
export async function cashReportPdfFile(
  store: Store,
  input: { sessionId?: number; tillId: string; userId: number; language?: Language },
) {
  const me = getUser(store, input.userId);
  const report = cashReport(store, input.sessionId, input.tillId);
  const pdf = await cashReportPdf(report, {
    shop: shopIdentity(store),
    cashier: me.name,
    lang: input.language ?? me.language,
  });
  const kind = report.closedAt === null ? 'x' : 'z';
  return {
    fileName: `rapport-${kind}-${report.tillId}-${report.sessionId}.pdf`,
    pdfBase64: pdf,
  };
}

/**
 * The transfer note of a transfer this shop sent, for the driver (transfers.notePdf): `fromShop` is this
 * shop's chain id, `toShopName` the receiving shop's name as the screen had it from HQ (the note prints
 * without HQ: the id alone then).
 */
export async function transferNoteFile(
  store: Store,
  input: { transferId: string; fromShop: string; toShopName?: string; language?: Language },
) {
  const transfer = getTransfer(store, input.transferId, 'out');
  const pdf = await transferNotePdf(
    {
      shop: shopIdentity(store),
      fromShop: input.fromShop,
      toShop: { id: transfer.shop, name: input.toShopName ?? null },
      transfer,
    },
    { lang: input.language },
  );
  return {
    fileName: `bon-de-transfert-${transferNoteNumber(transfer.transferId)}.pdf`,
    pdfBase64: pdf,
  };
}
