/**
 * A product label printed on the receipt printer, for shops without a label printer: the same
 * content as the A4 sheet, as ESC/POS bytes. French text through code page WPC1252 (ESC t 16),
 * Arabic as a raster image (GS v 0), the EAN-13 either by the printer's own barcode command
 * (GS k, sharp and small) or as raster bars for printers whose GS k is missing or buggy.
 */
import { rasterBytes, toMonochrome, type RasterImage } from '../printer/raster';
import { renderRtlText } from '../text/arabic';
import { encodeText } from '../text/code-pages';
import { ean13Pattern } from './barcode-svg';
import type { ProductLabel } from './label-model';
import { formatBestBefore, lotText, qualityText, tierLines, validateLabel } from './label-model';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

export interface EscposLabelOptions {
  /** Printable width in dots: 384 for 58 mm paper, 576 for 80 mm. */
  widthDots?: number;
  barcode?: 'native' | 'raster';
  /** Width of one barcode module in dots (2 or 3 on 203 dpi printers). */
  moduleDots?: number;
  barcodeHeightDots?: number;
  cut?: boolean;
  arabicFontPath?: string;
}

/** The barcode as raster bars, centred in `widthDots`, with the quiet zones left white. */
export function barcodeBitmap(
  code: string,
  widthDots: number,
  moduleDots: number,
  heightDots: number,
): RasterImage {
  const pattern = ean13Pattern(code);
  const barsWidth = 95 * moduleDots;
  if (barsWidth + 18 * moduleDots > widthDots) {
    throw new RangeError(`EAN-13 at ${moduleDots} dots per module does not fit ${widthDots} dots`);
  }
  const bytesPerRow = Math.ceil(widthDots / 8);
  const data = new Uint8Array(bytesPerRow * heightDots);
  const left = Math.floor((widthDots - barsWidth) / 2);
  for (let m = 0; m < 95; m++) {
    if (pattern.modules[m] !== '1') continue;
    for (let dx = 0; dx < moduleDots; dx++) {
      const x = left + m * moduleDots + dx;
      for (let y = 0; y < heightDots; y++) data[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { widthDots: bytesPerRow * 8, heightDots, data };
}

function text(s: string): number[] {
  return [...encodeText(s, 'WPC1252')];
}

export function labelEscpos(label: ProductLabel, options: EscposLabelOptions = {}): Uint8Array {
  validateLabel(label);
  const width = options.widthDots ?? 384;
  const moduleDots = options.moduleDots ?? 2;
  const height = options.barcodeHeightDots ?? 80;
  const out: number[] = [ESC, 0x40, ESC, 0x74, 16];
  const align = (n: 0 | 1 | 2): void => void out.push(ESC, 0x61, n);
  const bold = (on: boolean): void => void out.push(ESC, 0x45, on ? 1 : 0);
  const line = (s: string): void => void out.push(...text(s), LF);

  align(1);
  bold(true);
  line(label.nameFr);
  bold(false);
  if (label.nameAr.trim()) {
    const img = renderRtlText(label.nameAr.trim(), {
      fontSizePx: 32,
      maxWidthPx: width,
      fontPath: options.arabicFontPath,
    });
    out.push(...rasterBytes('epson', toMonochrome(img.raw)));
  }
  align(0);
  tierLines(label).forEach((t, i) => {
    if (i === 0) bold(true);
    line(t.text);
    if (i === 0) bold(false);
  });
  const quality = qualityText(label);
  if (quality) line(quality);
  if (label.cooperative.trim()) line(label.cooperative.trim());
  if (label.bestBefore) line(formatBestBefore(label.bestBefore));
  const lot = lotText(label);
  if (lot) line(lot);
  align(1);
  if ((options.barcode ?? 'native') === 'native') {
    // GS h height, GS w module width, GS H 2 digits below, GS k 67 n d1..dn (EAN-13, function B).
    out.push(
      GS,
      0x68,
      Math.min(255, height),
      GS,
      0x77,
      moduleDots,
      GS,
      0x48,
      2,
      GS,
      0x6b,
      67,
      13,
      ...text(label.code),
    );
  } else {
    out.push(...rasterBytes('epson', barcodeBitmap(label.code, width, moduleDots, height)), LF);
    line(`${label.code[0]} ${label.code.slice(1, 7)} ${label.code.slice(7)}`);
  }
  out.push(LF, LF, LF);
  if (options.cut ?? true) out.push(GS, 0x56, 66, 0);
  return Uint8Array.from(out);
}
