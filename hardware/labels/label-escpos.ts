/**
 * A product label printed on the receipt printer, for shops without a label printer: the same
 * content as the A4 sheet, as ESC/POS bytes. French text through code page WPC1252 (ESC t 16),
 * Arabic as a raster image (GS v 0), the EAN-13 either by the printer's own barcode command
 * (GS k, sharp and small) or as raster bars for printers whose GS k is missing or buggy.
 */
import { encodeText } from '../text/code-pages';
import { renderRtlText } from './arabic-text';
import { ean13Pattern } from './barcode-svg';
import type { ProductLabel } from './label-model';
import { formatBestBefore, qualityText, tierLines, validateLabel } from './label-model';
import type { RawImage } from './png-decode';

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

/** A 1-bit image, rows top to bottom, 8 pixels per byte, most significant bit leftmost, 1 = black. */
export interface MonoBitmap {
  width: number;
  height: number;
  bytesPerRow: number;
  data: Uint8Array;
}

export function rasterCommand(bitmap: MonoBitmap): Uint8Array {
  const header = [
    GS,
    0x76,
    0x30,
    0,
    bitmap.bytesPerRow & 0xff,
    bitmap.bytesPerRow >> 8,
    bitmap.height & 0xff,
    bitmap.height >> 8,
  ];
  const out = new Uint8Array(header.length + bitmap.data.length);
  out.set(header);
  out.set(bitmap.data, header.length);
  return out;
}

/** Dark where the ink covers at least half the pixel (alpha over a white background). */
export function toMonochrome(image: RawImage): MonoBitmap {
  const bytesPerRow = Math.ceil(image.width / 8);
  const data = new Uint8Array(bytesPerRow * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * image.channels;
      const grey =
        image.channels >= 3
          ? ((image.pixels[i] ?? 0) + (image.pixels[i + 1] ?? 0) + (image.pixels[i + 2] ?? 0)) / 3
          : (image.pixels[i] ?? 0);
      const alpha =
        image.channels === 2 || image.channels === 4 ? (image.pixels[i + image.channels - 1] ?? 0) : 255;
      const onWhite = 255 - (alpha * (255 - grey)) / 255;
      if (onWhite < 128) data[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width: image.width, height: image.height, bytesPerRow, data };
}

/** The barcode as raster bars, centred in `widthDots`, with the quiet zones left white. */
export function barcodeBitmap(
  code: string,
  widthDots: number,
  moduleDots: number,
  heightDots: number,
): MonoBitmap {
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
  return { width: widthDots, height: heightDots, bytesPerRow, data };
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
    out.push(...rasterCommand(toMonochrome(img.raw)));
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
    out.push(...rasterCommand(barcodeBitmap(label.code, width, moduleDots, height)), LF);
    line(`${label.code[0]} ${label.code.slice(1, 7)} ${label.code.slice(7)}`);
  }
  out.push(LF, LF, LF);
  if (options.cut ?? true) out.push(GS, 0x56, 66, 0);
  return Uint8Array.from(out);
}
