import { describe, expect, it } from 'vitest';
import { ean13Pattern } from '../../../hardware/labels/barcode-svg';
import { labelEscpos } from '../../../hardware/labels/label-escpos';
import type { ProductLabel } from '../../../hardware/labels/label-model';
import { decodeWinAnsi } from '../../helpers/win-ansi';

const label: ProductLabel = {
  code: '2000000000022',
  nameFr: 'Miel de thym équitable',
  nameAr: 'عسل الزعتر',
  prices: { retail: { price: 12000, minQuantity: 1000 }, wholesale: { price: 10000, minQuantity: 12000 } },
  unit: 'piece',
  qualityLabels: ['organic', 'fairtrade'],
  bestBefore: '2028-01-15',
  cooperative: 'Coopérative Aït Bouguemez',
};

interface Raster {
  bytesPerRow: number;
  height: number;
  data: Uint8Array;
}

/** Splits the stream into the parts a test cares about, walking the commands the encoder may emit. */
function parse(bytes: Uint8Array): {
  text: string;
  rasters: Raster[];
  barcode: string | null;
  codePage: number | null;
  cut: boolean;
} {
  const rasters: Raster[] = [];
  let text = '';
  let barcode: string | null = null;
  let codePage: number | null = null;
  let cut = false;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x1b) {
      const op = bytes[i + 1];
      if (op === 0x40) i += 2;
      else if (op === 0x74) {
        codePage = bytes[i + 2] ?? null;
        i += 3;
      } else if (op === 0x61 || op === 0x45) i += 3;
      else throw new Error(`unexpected ESC ${op}`);
    } else if (b === 0x1d) {
      const op = bytes[i + 1];
      if (op === 0x76) {
        const bytesPerRow = bytes[i + 4]! + bytes[i + 5]! * 256;
        const height = bytes[i + 6]! + bytes[i + 7]! * 256;
        rasters.push({ bytesPerRow, height, data: bytes.subarray(i + 8, i + 8 + bytesPerRow * height) });
        i += 8 + bytesPerRow * height;
      } else if (op === 0x68 || op === 0x77 || op === 0x48) i += 3;
      else if (op === 0x6b) {
        expect(bytes[i + 2]).toBe(67); // EAN-13, function B
        const n = bytes[i + 3]!;
        barcode = decodeWinAnsi(bytes.subarray(i + 4, i + 4 + n));
        i += 4 + n;
      } else if (op === 0x56) {
        cut = true;
        i += 4;
      } else throw new Error(`unexpected GS ${op}`);
    } else {
      text += decodeWinAnsi(bytes.subarray(i, i + 1));
      i++;
    }
  }
  return { text, rasters, barcode, codePage, cut };
}

describe('label as ESC/POS', () => {
  it('prints the French text in WPC1252, the Arabic name as raster and the barcode with GS k', () => {
    const out = parse(labelEscpos(label));
    expect(out.codePage).toBe(16);
    const lines = out.text.split('\n');
    expect(lines).toContain('Miel de thym équitable');
    expect(lines).toContain('Détail 120,00 DH/pièce');
    expect(lines).toContain('Gros 100,00 DH/pièce dès 12 pièces');
    expect(lines).toContain('Bio · Commerce équitable');
    expect(lines).toContain('Coopérative Aït Bouguemez');
    expect(lines).toContain('À consommer de préf. avant 15/01/2028');
    expect(out.barcode).toBe('2000000000022');
    expect(out.cut).toBe(true);
    expect(out.rasters).toHaveLength(1);
    const arabic = out.rasters[0]!;
    expect(arabic.bytesPerRow * 8).toBeLessThanOrEqual(384);
    expect(arabic.data.some((byte) => byte !== 0)).toBe(true);
  });

  it('raster barcode rows read back as the EAN-13 modules', () => {
    const out = parse(labelEscpos(label, { barcode: 'raster', moduleDots: 3, widthDots: 576, cut: false }));
    expect(out.barcode).toBeNull();
    expect(out.cut).toBe(false);
    const bars = out.rasters[1]!;
    const row = (y: number): string => {
      let bits = '';
      for (let x = 0; x < bars.bytesPerRow * 8; x++)
        bits += (bars.data[y * bars.bytesPerRow + (x >> 3)]! >> (7 - (x & 7))) & 1;
      return bits;
    };
    const first = row(0);
    expect(row(bars.height - 1)).toBe(first);
    const start = first.indexOf('1');
    const dots = first.slice(start, start + 95 * 3);
    const modules = [...Array(95).keys()].map((m) => dots[m * 3]).join('');
    expect(modules).toBe(ean13Pattern(label.code).modules);
    // Each module is exactly 3 dots wide and the quiet zones stay white.
    expect(dots).toBe([...modules].map((m) => m.repeat(3)).join(''));
    expect(start).toBeGreaterThanOrEqual(11 * 3);
    expect(out.text).toContain('2 000000 000022');
  });
});
