import type { ReceiptDocument, ReceiptLine } from '../../../core/receipt/document';

export const ARGAN_AR = 'زيت أركان 250 مل';

export function sampleReceipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    shop: {
      name: 'Coopérative Taswiq Rabat',
      address: '12 av. Mohammed V, Rabat',
      phone: '0537 00 00 00',
      ice: '001234567000089',
      if: '12345678',
      rc: '98765',
      patente: '25123456',
    },
    tillId: 'T1',
    receiptNumber: 1234,
    saleId: 'sale-0001',
    cashier: 'Hélène',
    timestamp: Date.UTC(2025, 6, 1, 13, 5, 0),
    language: 'fr',
    lines: [
      {
        nameFr: "Huile d'argan alimentaire 250 ml",
        nameAr: ARGAN_AR,
        tier: 'retail',
        unit: 'piece',
        quantity: 2000,
        unitPrice: 12500,
        discount: 0,
        amount: 25000,
        vatCode: 'A',
      },
      {
        nameFr: 'Miel de thym à la façon de Tafraout',
        nameAr: '',
        tier: 'semi',
        unit: 'kg',
        quantity: 750,
        unitPrice: 18000,
        discount: 500,
        amount: 13000,
        vatCode: 'B',
      },
    ],
    totals: { total: 38000, discountTotal: 500, itemCount: 3 },
    vat: [
      { code: 'A', rateBp: 2000, gross: 25000, vat: 4167, net: 20833 },
      { code: 'B', rateBp: 700, gross: 13000, vat: 850, net: 12150 },
    ],
    payments: [{ method: 'cash', amount: 38000, tendered: 40000, change: 2000 }],
    footer: 'Échange sous 7 jours avec ce ticket',
    flags: { isCopy: false, isRefund: false },
    ...overrides,
  };
}

/** The same receipt with no Arabic anywhere, so every line prints as code-page text. */
export function latinReceipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  const doc = sampleReceipt(overrides);
  return { ...doc, lines: doc.lines.map((l): ReceiptLine => ({ ...l, nameAr: '' })) };
}
