import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../api/error-status';
import { ERROR_ALIASES, ERROR_CODES, knownErrorCode, type ErrorCode } from '../../core/errors';
import { lineAmount } from '../../core/money';
import { linePayout } from '../../core/payout';
import { makeInternalCode } from '../../core/nomenclature';
import { vatRateBp, type VatCode } from '../../core/vat';
import { parseCsv } from '../../core/csv';
import { formatMoney as formatReceiptMoney } from '../../core/receipt/format';
import { decodePng } from '../../hardware/labels/png-decode';
import { ean13Pattern } from '../../hardware/labels/barcode-svg';
import { returnNoteHtml } from '../../documents/html/return-note';
import { decodeDisplay } from '../../hardware/display/display-decoder';
import { TransportClosedError, TransportTimeoutError, toPrinterError } from '../../hardware/printer/errors';
import { CATALOGS, LANGUAGES, errorText } from '../../renderer/i18n';
import { ApiCallError } from '../../renderer/api/client';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';

const ROOT = new URL('../../', import.meta.url).pathname;
const LAYERS = ['core', 'db', 'hardware', 'documents', 'api', 'devices'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const literals = (text: string) => [...text.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] as string);

/** Every way the tree writes down a code it throws: the forms the issue lists, and error-code type unions. */
const THROW_FORMS: { name: string; re: RegExp; codes: (m: RegExpMatchArray) => string[] }[] = [
  { name: "fail('X'", re: /\bfail\(\s*'([A-Z][A-Z0-9_]+)'/g, codes: (m) => [m[1] as string] },
  {
    name: "new XxxError('X'",
    re: /\bnew \w*Error\(\s*'([A-Z][A-Z0-9_]+)'/g,
    codes: (m) => [m[1] as string],
  },
  { name: "code: 'X'", re: /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g, codes: (m) => [m[1] as string] },
  {
    name: "readonly code: 'X' | 'Y' / readonly code = 'X'",
    re: /\breadonly code\s*(?::\s*([^,;)=]+))?(?:=\s*('[A-Z][A-Z0-9_]+'))?/g,
    codes: (m) => literals(`${m[1] ?? ''} ${m[2] ?? ''}`),
  },
  {
    name: 'type XxxErrorCode = ...',
    re: /\btype \w*ErrorCode\s*=([^;]+);/g,
    codes: (m) => literals(m[1] ?? ''),
  },
];

/**
 * Codes of other kinds, declared as `export const XXX_CODES = [...] as const` (e.g. the product issues of
 * core/product-issues.ts, translated as issue.<CODE>): records name them as `code: 'X'` without throwing them.
 */
function declaredOtherCodes(): Set<string> {
  const out = new Set<string>();
  for (const layer of LAYERS) {
    for (const file of sourceFiles(join(ROOT, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/export const (\w+)_CODES = \[([^\]]*)\] as const/g)) {
        if (m[1] !== 'ERROR') for (const code of literals(m[2] ?? '')) out.add(code);
      }
    }
  }
  return out;
}

function thrownCodes(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const other = declaredOtherCodes();
  for (const layer of LAYERS) {
    for (const file of sourceFiles(join(ROOT, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const form of THROW_FORMS) {
        for (const m of text.matchAll(form.re)) {
          for (const code of form.codes(m)) {
            // A record's `code:` may be one of those other kinds; a fail() or an error's code may not.
            if (form.name === "code: 'X'" && other.has(code) && knownErrorCode(code) === null) continue;
            const where = found.get(code) ?? [];
            where.push(relative(ROOT, file));
            found.set(code, where);
          }
        }
      }
    }
  }
  return found;
}

/** Codes that never reach the API under their own name, with the proof that they are wrapped (tested below). */
const WRAPPED_BELOW_API = new Set(['ETIMEDOUT', 'ECLOSED']);

function ourCodes(): ErrorCode[] {
  return [...ERROR_CODES, ...Object.values(ERROR_ALIASES)];
}

describe('every error code a module can throw is known, has an HTTP status and reads in fr, ar and en', () => {
  it('the scanner sees each way of writing a code down', () => {
    const sample = [
      "fail('AAA', 'x')",
      "throw new PngError('BBB_1', 'x')",
      "Object.assign(new Error('x'), { code: 'CCC' })",
      "readonly code = 'DDD';",
      "readonly code: 'EEE' | 'FFF',",
      "export type PrinterErrorCode =\n  'GGG' | 'HHH';",
    ].join('\n');
    const seen = THROW_FORMS.flatMap((f) => [...sample.matchAll(f.re)].flatMap((m) => f.codes(m)));
    expect(new Set(seen)).toEqual(new Set(['AAA', 'BBB_1', 'CCC', 'DDD', 'EEE', 'FFF', 'GGG', 'HHH']));
    // Lower-case tags and Node's comparisons are not throws.
    const none = "kind: 'piece'; if (code === 'ENOENT') {}; internalBarcode: 'x'";
    expect(THROW_FORMS.flatMap((f) => [...none.matchAll(f.re)].flatMap((m) => f.codes(m)))).toEqual([]);
  });

  it('finds the module codes of the tree and each one is ours (or an alias of ours)', () => {
    const found = thrownCodes();
    // The ones the issue names, as a check that the walk really reads core/, db/, hardware/, documents/ and api/.
    for (const code of ['INVALID_EAN13', 'CHROMIUM_MISSING', 'ARABIC_FONT_MISSING', 'PNG_UNSUPPORTED']) {
      expect([...found.keys()]).toContain(code);
    }
    expect(found.get('DISPLAY_UNAVAILABLE')?.[0]).toMatch(/^hardware\//);
    // The station's devices (devices/hub.ts) throw the printer and scale codes.
    expect(found.get('NO_PRINTER')).toContain('devices/hub.ts');
    expect(found.get('LAST_ADMIN')).toEqual(['db/services/users.ts']);
    expect(found.size).toBeGreaterThan(40);
    const unknown = [...found]
      .filter(([code]) => knownErrorCode(code) === null && !WRAPPED_BELOW_API.has(code))
      .map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(unknown, 'add these to core/errors.ts ERROR_CODES or ERROR_ALIASES').toEqual([]);
  });

  it('every error class below the API carries a code', () => {
    const bare: string[] = [];
    for (const layer of LAYERS) {
      for (const file of sourceFiles(join(ROOT, layer))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(
          /class (\w+) extends (?:Error|RangeError|\w+Error)\s*\{([\s\S]*?)\n\}/g,
        )) {
          if (!/\bcode\b/.test(m[2] ?? '')) bare.push(`${m[1]} (${relative(ROOT, file)})`);
        }
      }
    }
    expect(bare).toEqual([]);
  });

  it('the transports’ own codes are wrapped into printer errors before they reach the API', () => {
    expect(toPrinterError('P', new TransportTimeoutError('print', 5)).code).toBe('PRINTER_TIMEOUT');
    expect(toPrinterError('P', new TransportClosedError('gone')).code).toBe('PRINTER_OFFLINE');
  });

  it('each code has an HTTP status, 4xx for what the client can fix, and a translation in each language', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ourCodes()) {
      const status = HTTP_STATUS[code];
      expect(Number.isInteger(status) && status >= 400 && status <= 599, code).toBe(true);
      for (const lang of LANGUAGES) {
        const text = (CATALOGS[lang] as Record<string, string>)[`error.${code}`];
        expect(text?.trim(), `${lang}: error.${code}`).toBeTruthy();
      }
    }
    for (const code of ['VALIDATION', 'AMOUNT_OUT_OF_RANGE', 'LAST_ADMIN', 'INVALID_EAN13'] as const) {
      expect(HTTP_STATUS[code]).toBeLessThan(500);
    }
  });

  it('the errors the modules really throw carry codes the API knows', () => {
    const codeOf = (fn: () => unknown): ErrorCode | null => {
      try {
        fn();
      } catch (err) {
        return knownErrorCode((err as { code?: unknown }).code);
      }
      throw new Error('did not throw');
    };
    expect(codeOf(() => lineAmount(1e12, 1e9 * 9))).toBe('AMOUNT_OUT_OF_RANGE');
    expect(codeOf(() => lineAmount(12.5, 1000))).toBe('AMOUNT_OUT_OF_RANGE');
    expect(codeOf(() => formatReceiptMoney(2 ** 60))).toBe('AMOUNT_OUT_OF_RANGE');
    expect(codeOf(() => linePayout({ kind: 'commission', rateBp: 2000 }, 100, -1000))).toBe('SIGN_MISMATCH');
    expect(codeOf(() => linePayout({ kind: 'commission', rateBp: -1 }, 100, 1000))).toBe('INVALID_TERMS');
    expect(codeOf(() => makeInternalCode(1, []))).toBe('INVALID_NOMENCLATURE');
    expect(codeOf(() => vatRateBp('X99' as VatCode))).toBe('INVALID_VAT_CODE');
    expect(codeOf(() => parseCsv('a,"b\n'))).toBe('CSV_INVALID');
    expect(codeOf(() => decodePng(new Uint8Array([1, 2, 3])))).toBe('PNG_UNSUPPORTED');
    expect(codeOf(() => ean13Pattern('123'))).toBe('INVALID_EAN13');
    expect(codeOf(() => decodeDisplay(new Uint8Array([0x1b, 0x7f])))).toBe('DISPLAY_DECODE');
    expect(
      codeOf(() =>
        returnNoteHtml({
          shop: { name: 'S', address: '', ice: '', taxId: '', rc: '', phone: '' },
          cooperative: { nameFr: 'C', nameAr: '' },
          number: 'BR-1',
          at: 0,
          reason: 'x',
          lines: [],
        } as unknown as Parameters<typeof returnNoteHtml>[0]),
      ),
    ).toBe('RETURN_NOTE_EMPTY');
  });
});

describe('refusals a client can provoke over HTTP are typed, never INTERNAL', () => {
  let station: Station;
  let f: ReturnType<typeof makeFixture>;
  let manager: string;
  const HUGE = 2_000_000_000_000_000;

  async function call(method: string, input: unknown, token?: string) {
    const res = await fetch(`${station.url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as {
      ok: boolean;
      result?: any;
      error?: { code: ErrorCode; message: string; details: Record<string, unknown> };
    };
    // The envelope and the status always agree, whatever the code.
    if (!body.ok) expect(res.status, body.error?.code).toBe(HTTP_STATUS[body.error?.code ?? 'INTERNAL']);
    return { status: res.status, ...body };
  }

  beforeAll(async () => {
    f = makeFixture();
    f.db.close();
    station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
    const r = await call('auth.login', { userId: f.users.manager.id, pin: '2468' });
    manager = r.result.token as string;
  });
  afterAll(async () => {
    await station.close();
  });

  const onHand = async (productId: number) => {
    const r = await call('stock.movements', { productId, cooperativeId: f.coops.argan.id }, manager);
    return (r.result as { qty: number }[]).reduce((a, m) => a + m.qty, 0);
  };

  it('a huge quantity or amount is a VALIDATION 400 naming the field, and changes nothing', async () => {
    const { oil, honeyKg } = f.products;
    const before = await onHand(oil.id);
    const cases: [string, unknown, string][] = [
      [
        'sales.checkout',
        { clientId: 'huge-sale-0001', lines: [{ productId: honeyKg.id, quantity: HUGE }], payments: [] },
        'lines.0.quantity',
      ],
      [
        'sales.checkout',
        {
          clientId: 'huge-sale-0002',
          lines: [{ productId: oil.id, quantity: 1000 }],
          payments: [{ method: 'cash', amount: 12000, tendered: HUGE }],
        },
        'payments.0.tendered',
      ],
      [
        'stock.receive',
        {
          clientId: 'huge-recv-0001',
          cooperativeId: f.coops.argan.id,
          noteRef: 'BL-X',
          lines: [{ productId: oil.id, quantity: HUGE }],
        },
        'lines.0.quantity',
      ],
      [
        'stock.adjust',
        { productId: oil.id, cooperativeId: f.coops.argan.id, quantity: HUGE, reason: 'count' },
        'quantity',
      ],
      ['cash.move', { kind: 'in', amount: HUGE, reason: 'x' }, 'amount'],
      ['products.update', { id: oil.id, retailPrice: HUGE }, 'retailPrice'],
      // A time past year 9999 is no date to the statement's formatter (it threw RangeError: Invalid time value).
      ['settlements.csv', { cooperativeId: f.coops.argan.id, periodEnd: 2 ** 53 - 1 }, 'periodEnd'],
    ];
    for (const [method, input, path] of cases) {
      const r = await call(method, input, manager);
      expect([r.status, r.error?.code], method).toEqual([400, 'VALIDATION']);
      expect(r.error?.message, method).toContain(path);
    }
    expect(await onHand(oil.id)).toBe(before);
    expect((await call('products.get', { id: oil.id }, manager)).result.retailPrice).toBe(12000);
    expect((await call('sales.list', { from: 0, to: 253_402_300_799_999 }, manager)).result).toEqual([]);
  });

  it('the largest quantity and price the schemas let through overflow into a typed 422, not a 500', async () => {
    const r = await call(
      'sales.checkout',
      {
        clientId: 'edge-sale-0001',
        lines: [{ productId: f.products.honeyKg.id, quantity: 1_000_000_000, overrideUnitPrice: 1e12 }],
        payments: [{ method: 'card', amount: 1e12 }],
      },
      manager,
    );
    expect([r.status, r.error?.code]).toEqual([422, 'AMOUNT_OUT_OF_RANGE']);
    expect(errorText(new ApiCallError(r.error!.code, r.error!.message, {}), 'fr')).toBe(
      'Montant ou quantité hors limites.',
    );
  });

  it('a label sheet started past its last slot is a VALIDATION, and no product got a barcode for it', async () => {
    const { honeyKg } = f.products;
    const barcodes = (await call('products.get', { id: honeyKg.id }, manager)).result.barcodes;
    const r = await call(
      'labels.sheet',
      { items: [{ productId: honeyKg.id, copies: 1 }], layout: '3x8', startAt: 30 },
      manager,
    );
    expect([r.status, r.error?.code]).toEqual([400, 'VALIDATION']);
    expect(r.error?.message).toContain('startAt');
    expect((await call('products.get', { id: honeyKg.id }, manager)).result.barcodes).toEqual(barcodes);
  });

  it('a 23-line return note, refused by the old one-page writer, is a PDF of its own', async () => {
    const lines = Array.from({ length: 23 }, () => ({ productId: f.products.oil.id, quantity: 1000 }));
    const ret = await call(
      'stock.returnToCooperative',
      { clientId: 'long-return-0001', cooperativeId: f.coops.argan.id, reason: 'invendus', lines },
      manager,
    );
    expect(ret.ok, ret.error?.message).toBe(true);
    const r = await call('stock.returnNotePdf', { returnId: ret.result.returnId }, manager);
    expect(r.ok, r.error?.message).toBe(true);
    expect(Buffer.from(r.result.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the last admin refusal reads with the admin’s name in each language', async () => {
    const admin = (await call('auth.login', { userId: f.users.admin.id, pin: '9999' })).result
      .token as string;
    const r = await call('users.update', { id: f.users.admin.id, active: false }, admin);
    expect([r.status, r.error?.code]).toEqual([409, 'LAST_ADMIN']);
    for (const lang of LANGUAGES) {
      const text = errorText(new ApiCallError(r.error!.code, r.error!.message, r.error!.details), lang);
      expect(text, lang).toContain('Admin');
      expect(text, lang).not.toContain('{');
    }
  });
});
