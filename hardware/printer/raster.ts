/**
 * 1-bit images and the ESC/POS commands that print them: the receipt's Arabic lines, a label's Arabic name
 * and raster barcode all go through here, so there is one bit packing and one GS v 0 writer.
 */
import type { RawImage } from '../labels/png-decode';
import type { CommandSet } from '../text/code-pages';

/** 1 bit per dot, rows packed MSB-first, `bytesPerRow = widthDots / 8`; a set bit is a black dot. */
export interface RasterImage {
  widthDots: number;
  heightDots: number;
  data: Uint8Array;
}

const ESC = 0x1b;
const GS = 0x1d;

/**
 * Dark where the ink covers at least half the pixel (alpha over a white background); the width is rounded
 * up to whole bytes, the padding white. 128 keeps antialiased strokes about as thick as on screen.
 */
export function toMonochrome(image: RawImage): RasterImage {
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
  return { widthDots: bytesPerRow * 8, heightDots: image.height, data };
}

/**
 * Epson GS v 0, or Star raster mode (ESC * r A, one `b n1 n2 data` per row, ESC * r B), in slices of
 * `sliceRows` rows: some printers' receive buffers cannot hold a tall image in one command.
 */
export function rasterBytes(
  commandSet: CommandSet,
  image: RasterImage,
  sliceRows = image.heightDots,
): Buffer {
  const bytesPerRow = image.widthDots / 8;
  const step = Math.max(1, sliceRows);
  const parts: Buffer[] = [];
  for (let y0 = 0; y0 < image.heightDots; y0 += step) {
    const rows = Math.min(step, image.heightDots - y0);
    const slice = image.data.subarray(y0 * bytesPerRow, (y0 + rows) * bytesPerRow);
    if (commandSet === 'epson') {
      parts.push(
        Buffer.from([GS, 0x76, 0x30, 0, bytesPerRow & 0xff, bytesPerRow >> 8, rows & 0xff, rows >> 8]),
        Buffer.from(slice),
      );
    } else {
      parts.push(Buffer.from([ESC, 0x2a, 0x72, 0x41]));
      for (let r = 0; r < rows; r++) {
        parts.push(Buffer.from([0x62, bytesPerRow & 0xff, bytesPerRow >> 8]));
        parts.push(Buffer.from(slice.subarray(r * bytesPerRow, (r + 1) * bytesPerRow)));
      }
      parts.push(Buffer.from([ESC, 0x2a, 0x72, 0x42]));
    }
  }
  return Buffer.concat(parts);
}

/** Ink extent of an image: the first and last columns holding a black dot, and the dot count. */
export function inkStats(image: RasterImage): { black: number; minX: number; maxX: number } {
  const bytesPerRow = image.widthDots / 8;
  let black = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (let y = 0; y < image.heightDots; y++) {
    for (let x = 0; x < image.widthDots; x++) {
      if ((image.data[y * bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) {
        black++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
      }
    }
  }
  return { black, minX, maxX };
}
