import type { ReceiptDocument, ReceiptLine } from '../core/receipt/document';
import { clearRasterCache } from '../hardware/text/arabic';
import { buildReceiptEscPos } from '../hardware/printer/escpos-receipt';
import { isEntryPoint } from '../server/entry-point';

const NAMES: [string, string][] = [
  ["Huile d'argan alimentaire 250 ml", 'زيت أركان غذائي 250 مل'],
  ['Miel de thym 500 g', 'عسل الزعتر 500 غ'],
  ['Amlou aux amandes', 'أملو باللوز'],
  ['Couscous d’orge', 'كسكس الشعير'],
  ['Safran de Taliouine 1 g', 'زعفران تالوين 1 غ'],
  ['Savon noir beldi', 'الصابون البلدي'],
];

function thirtyLineReceipt(): ReceiptDocument {
  const lines: ReceiptLine[] = Array.from({ length: 30 }, (_, i) => {
    const [nameFr, nameAr] = NAMES[i % NAMES.length]!;
    return {
      nameFr: `${nameFr} #${i + 1}`,
      nameAr: `${nameAr} ${i + 1}`,
      tier: 'retail',
      unit: 'piece',
      quantity: 1000,
      unitPrice: 4500 + i * 10,
      discount: 0,
      amount: 4500 + i * 10,
      vatCode: 'A',
    };
  });
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    shop: { name: 'Coopérative Taswiq', address: 'Rabat', phone: '0537', ice: '001', if: '1', rc: '2' },
    tillId: 'T1',
    receiptNumber: 1,
    saleId: 's',
    cashier: 'Hélène',
    timestamp: Date.UTC(2025, 6, 1),
    language: 'fr',
    lines,
    totals: { total, discountTotal: 0, itemCount: 30 },
    vat: [
      {
        code: 'A',
        rateBp: 2000,
        gross: total,
        vat: Math.round(total / 6),
        net: total - Math.round(total / 6),
      },
    ],
    payments: [{ method: 'cash', amount: total }],
    footer: '',
    flags: { isCopy: false, isRefund: false },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function measure(
  name: string,
  n: number,
  run: (i: number) => void,
): { name: string; p50: number; p99: number; n: number; unit: 'ms' } {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p99: percentile(times, 99), n, unit: 'ms' };
}

/** ESC/POS bytes for a 30-line receipt with Arabic names: steady state (cached names) and cold (every name drawn). */
export async function benchPrinter(): Promise<
  { name: string; p50: number; p99: number; n: number; unit: 'ms' }[]
> {
  const doc = thirtyLineReceipt();
  const arabic: ReceiptDocument = { ...doc, language: 'ar' };
  buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' }); // font load and JIT warm-up
  return [
    measure('printer: 30-line receipt, Arabic names, 80 mm (cached names)', 200, () => {
      buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' });
    }),
    measure('printer: 30-line receipt, Arabic names, 80 mm (cold raster cache)', 50, () => {
      clearRasterCache();
      buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' });
    }),
    measure('printer: 30-line receipt in Arabic, 58 mm (cold raster cache)', 50, () => {
      clearRasterCache();
      buildReceiptEscPos(arabic, { paper: '58mm', commandSet: 'epson' });
    }),
  ];
}

if (isEntryPoint(import.meta.url)) {
  console.table(await benchPrinter());
}
