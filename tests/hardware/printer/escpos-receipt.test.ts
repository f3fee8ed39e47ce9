import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReceiptLines } from '../../../core/receipt/render-text';
import { inkStats } from '../../../hardware/printer/raster';
import { rasterizeLine } from '../../../hardware/text/arabic';
import { encodeText } from '../../../hardware/text/code-pages';
import { decodeEscPos } from '../../../hardware/printer/escpos-decoder';
import {
  buildReceiptEscPos,
  drawerKickBytes,
  EscPosOptionError,
} from '../../../hardware/printer/escpos-receipt';
import { ARGAN_AR, latinReceipt, sampleReceipt } from './fixtures';

/** Every GS v 0 header in a stream: [widthBytes, rows]. */
function rasterHeaders(bytes: Buffer): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 7 < bytes.length; i++) {
    if (bytes[i] === 0x1d && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x30) {
      const w = bytes[i + 4]! + bytes[i + 5]! * 256;
      const h = bytes[i + 6]! + bytes[i + 7]! * 256;
      out.push([w, h]);
      i += 7 + w * h;
    }
  }
  return out;
}

describe('ESC/POS receipt', () => {
  it.each([
    ['epson', 'PC858_EURO'],
    ['epson', 'WPC1252'],
    ['epson', 'PC850_MULTILINGUAL'],
    ['star', 'PC858_EURO'],
    ['star', 'WPC1252'],
  ] as const)('prints French text that decodes back exactly (%s, %s)', (commandSet, characterSet) => {
    const doc = latinReceipt();
    const bytes = buildReceiptEscPos(doc, { paper: '80mm', commandSet, characterSet });
    const decoded = decodeEscPos(bytes, { commandSet });
    // What the customer reads is exactly the text preview, the barcode standing where the preview draws it.
    const expected = renderReceiptLines(doc, { columns: 48 }).map((l) => (l.includes('||||') ? '' : l));
    expect(decoded.lines).toEqual(expected);
    expect(decoded.lines).toContain('Miel de thym à la façon de Tafraout');
    expect(decoded.images).toHaveLength(0);
  });

  it('encodes é, à, ç as the single bytes of the selected code page', () => {
    expect([...encodeText('éàç', 'PC858_EURO')]).toEqual([0x82, 0x85, 0x87]);
    expect([...encodeText('éàç', 'WPC1252')]).toEqual([0xe9, 0xe0, 0xe7]);
    expect([...encodeText('€', 'PC858_EURO')]).toEqual([0xd5]);
    const bytes = buildReceiptEscPos(latinReceipt(), { paper: '58mm', commandSet: 'epson' });
    // ESC t 19 selects PC858 on Epson, and "façon" goes out as f a 0x87 o n.
    expect(bytes.includes(Buffer.from([0x1b, 0x74, 19]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x66, 0x61, 0x87, 0x6f, 0x6e]))).toBe(true);
  });

  it('falls back to the bare letter for characters outside the page', () => {
    // ó is in PC858 (0xA2); ő and ź are not and lose their accent; Ł has no decomposition: its substitute L.
    expect(encodeText('Łódźő', 'PC858_EURO').toString('latin1')).toBe('L\xa2dzo');
  });

  it.each([
    ['58mm', 32],
    ['80mm', 48],
  ] as const)('uses %s paper at %i columns', (paper, columns) => {
    const decoded = decodeEscPos(buildReceiptEscPos(latinReceipt(), { paper, commandSet: 'epson' }));
    for (const l of decoded.lines) expect(l.length).toBeLessThanOrEqual(columns);
    expect(decoded.lines).toContain('-'.repeat(columns));
    const total = decoded.lines.find((l) => l.startsWith('Total'))!;
    expect(total.length).toBe(columns);
    expect(total.endsWith('380,00 DH')).toBe(true);
  });

  it('prints the receipt number as a CODE128 barcode and cuts once', () => {
    for (const commandSet of ['epson', 'star'] as const) {
      const decoded = decodeEscPos(buildReceiptEscPos(latinReceipt(), { paper: '80mm', commandSet }), {
        commandSet,
      });
      expect(decoded.barcodes).toEqual([{ type: 'CODE128', data: '00001234' }]);
      expect(decoded.cuts).toBe(1);
    }
    const uncut = buildReceiptEscPos(latinReceipt(), { paper: '80mm', commandSet: 'epson', cut: 'none' });
    expect(decodeEscPos(uncut).cuts).toBe(0);
  });

  it('rasterises Arabic names into non-empty, right-anchored images', () => {
    const doc = sampleReceipt();
    const decoded = decodeEscPos(buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' }));
    // In a French receipt the only Arabic is the one product name.
    expect(decoded.images).toHaveLength(1);
    const image = decoded.images[0]!;
    expect(image.widthDots).toBe(576);
    const ink = inkStats(image);
    expect(ink.black).toBeGreaterThan(200);
    // RTL: the word starts at the right margin and does not reach the left half.
    expect(ink.maxX).toBeGreaterThanOrEqual(576 - 12);
    expect(ink.minX).toBeGreaterThan(576 / 2);
    expect(decoded.lines.join('\n')).not.toMatch(/[\u0600-\u06ff]/);
    expect(decoded.lines).toContain("Huile d'argan alimentaire 250 ml");
  });

  it('anchors Latin text left when drawn on the same grid (control for the RTL check)', () => {
    const cells = [{ text: 'Argan', align: 'left' as const, start: 0, width: 32 }];
    const ink = inkStats(rasterizeLine(cells, { widthDots: 384, columns: 32 }));
    expect(ink.black).toBeGreaterThan(50);
    expect(ink.minX).toBeLessThan(12);
    expect(ink.maxX).toBeLessThan(384 / 2);
  });

  it('rasterises every Arabic line of an Arabic receipt, in slices no taller than configured', () => {
    const doc = sampleReceipt({ language: 'ar' });
    for (const sliceRows of [8, 24, 255]) {
      const bytes = buildReceiptEscPos(doc, { paper: '58mm', commandSet: 'epson', sliceRows });
      const headers = rasterHeaders(bytes);
      expect(headers.length).toBeGreaterThan(10);
      for (const [w, h] of headers) {
        expect(w).toBe(48);
        expect(h).toBeLessThanOrEqual(sliceRows);
      }
      const decoded = decodeEscPos(bytes);
      expect(decoded.images.length).toBeGreaterThan(10);
      const slicesPerImage = decoded.images.map((im) => im.slices);
      expect(slicesPerImage.every((s, k) => s === Math.ceil(decoded.images[k]!.heightDots / sliceRows))).toBe(
        true,
      );
      for (const im of decoded.images) expect(inkStats(im).black).toBeGreaterThan(0);
    }
    expect(() => buildReceiptEscPos(doc, { paper: '58mm', commandSet: 'epson', sliceRows: 0 })).toThrow(
      EscPosOptionError,
    );
  });

  it('sends Star raster mode images that decode to the same picture as Epson ones', () => {
    const doc = sampleReceipt();
    const epson = decodeEscPos(buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' }));
    const star = decodeEscPos(buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'star' }), {
      commandSet: 'star',
    });
    expect(star.images).toHaveLength(1);
    expect(Buffer.from(star.images[0]!.data).equals(Buffer.from(epson.images[0]!.data))).toBe(true);
    expect(star.lines).toEqual(epson.lines);
  });

  it('kicks the cash drawer with ESC p m t1 t2 on the configured pin and times', () => {
    expect([...drawerKickBytes('epson', { pin: 0, onMs: 100, offMs: 200 })]).toEqual([
      0x1b, 0x70, 0, 50, 100,
    ]);
    expect([...drawerKickBytes('epson', { pin: 1, onMs: 1000, offMs: 2 })]).toEqual([0x1b, 0x70, 1, 255, 1]);
    const bytes = buildReceiptEscPos(latinReceipt(), {
      paper: '58mm',
      commandSet: 'epson',
      drawer: { pin: 1, onMs: 60, offMs: 240 },
    });
    expect(decodeEscPos(bytes).drawerKicks).toEqual([{ pin: 5, onMs: 60, offMs: 240 }]);
    const star = buildReceiptEscPos(latinReceipt(), {
      paper: '58mm',
      commandSet: 'star',
      drawer: { pin: 0, onMs: 100, offMs: 200 },
    });
    expect(decodeEscPos(star, { commandSet: 'star' }).drawerKicks).toEqual([
      { pin: 2, onMs: 100, offMs: 200 },
    ]);
    const none = buildReceiptEscPos(latinReceipt(), { paper: '58mm', commandSet: 'epson' });
    expect(decodeEscPos(none).drawerKicks).toEqual([]);
  });

  it('refuses a code page the command set lacks', () => {
    expect(() =>
      buildReceiptEscPos(latinReceipt(), {
        paper: '58mm',
        commandSet: 'star',
        characterSet: 'PC850_MULTILINGUAL',
      }),
    ).toThrow(EscPosOptionError);
  });

  it('caches rasterised names: the same receipt twice gives identical bytes', () => {
    const doc = sampleReceipt({ language: 'ar' });
    const a = buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' });
    const b = buildReceiptEscPos(doc, { paper: '80mm', commandSet: 'epson' });
    expect(a.equals(b)).toBe(true);
    expect(a.includes(Buffer.from(ARGAN_AR))).toBe(false);
  });
});

describe('ESC/POS decoder', () => {
  it('never throws on random bytes, for either command set', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, star) => {
        const d = decodeEscPos(bytes, { commandSet: star ? 'star' : 'epson' });
        expect(Array.isArray(d.lines)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a real receipt cut off or corrupted anywhere', () => {
    const real = buildReceiptEscPos(sampleReceipt({ language: 'ar' }), {
      paper: '58mm',
      commandSet: 'epson',
    });
    fc.assert(
      fc.property(
        fc.nat({ max: real.length }),
        fc.nat({ max: real.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (cut, pos, value) => {
          const copy = Buffer.from(real.subarray(0, cut));
          if (pos < copy.length) copy[pos] = value;
          decodeEscPos(copy);
          decodeEscPos(copy, { commandSet: 'star' });
        },
      ),
      { numRuns: 300 },
    );
  });
});
