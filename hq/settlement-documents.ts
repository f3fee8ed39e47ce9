/**
 * The chain statement as the same PDF and CSV a shop's statement is (documents/settlement-pdf.ts,
 * settlement-csv.ts: French and Arabic side by side), so a cooperative reads one document whichever
 * office issued it. Lines come by shop: the shop's name leads each line's French name, and a void of a
 * line an earlier statement paid is listed with the returns, as a negative line.
 */
import { settlementCsv } from '../documents/settlement-csv';
import { settlementPdf, type ShopIdentity } from '../documents/settlement-pdf';
import type { ChainStatement, ChainStatementLine } from './settlement';

/** The documents' own statement type, taken from their API so this adapter follows it when it moves. */
type DocumentStatement = Parameters<typeof settlementPdf>[0];
type DocumentSaleLine = DocumentStatement['sales'][number];
type DocumentReturnLine = DocumentStatement['returns'][number];

/** Who issues the chain's statements; a deployment names its own office (hq --office-name ...). */
export const HQ_IDENTITY: ShopIdentity = {
  name: 'Maroc Taswiq - Siège',
  address: '',
  ice: '',
  if: '',
  rc: '',
};

const UNITS = new Set(['piece', 'kg', 'l']);
const TIERS = new Set(['retail', 'semi', 'wholesale']);

function line(l: ChainStatementLine): DocumentReturnLine {
  const unit = (UNITS.has(l.unit) ? l.unit : 'piece') as DocumentSaleLine['unit'];
  const voided = l.kind === 'void';
  return {
    productId: l.productLocalId,
    sku: l.sku,
    nameFr: `${l.shopName} · ${l.nameFr}${voided ? ' (annulation)' : ''}`,
    nameAr: voided ? `${l.nameAr} - إلغاء` : l.nameAr,
    unit,
    quantity: l.quantity,
    amount: l.amount,
    payout: l.payout,
    commission: l.commission,
  };
}

export function toDocumentStatement(s: ChainStatement): DocumentStatement {
  const c = s.coop;
  return {
    id: s.id,
    number: s.number,
    kind: s.kind,
    status: s.status,
    cooperative: {
      id: c.id,
      nameFr: c.nameFr,
      nameAr: c.nameAr,
      registrationNo: c.registrationNo,
      ice: c.ice,
      region: c.region,
      womens: c.womens,
      contactName: null,
      phone: c.phone,
      email: null,
      bankName: c.bankName,
      bankAccount: c.bankAccount,
      commissionBp: c.commissionBp,
      active: true,
    },
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    issuedAt: s.issuedAt,
    paidAt: s.paidAt,
    paymentReference: s.paymentReference,
    sales: s.lines
      .filter((l) => l.kind === 'sale')
      .map((l) => ({
        ...line(l),
        tier: (TIERS.has(l.tier) ? l.tier : 'retail') as DocumentSaleLine['tier'],
      })),
    returns: s.lines.filter((l) => l.kind !== 'sale').map(line),
    totals: s.totals,
    saleLineCount: s.saleLineCount,
    returnLineCount: s.returnLineCount,
  };
}

/** Awaited either way: documents/ may render synchronously (its PDF writer) or through Chromium. */
export async function chainStatementPdf(
  s: ChainStatement,
  options: { office?: ShopIdentity; creationDate?: Date } = {},
): Promise<Buffer> {
  return Buffer.from(
    await settlementPdf(toDocumentStatement(s), {
      shop: options.office ?? HQ_IDENTITY,
      ...(options.creationDate ? { creationDate: options.creationDate } : {}),
    }),
  );
}

export function chainStatementCsv(s: ChainStatement): string {
  return settlementCsv(toDocumentStatement(s));
}
