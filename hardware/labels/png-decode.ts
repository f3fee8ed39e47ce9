/**
 * Minimal PNG reader for embedding images in our PDFs: 8-bit, non-interlaced, grey / grey+alpha /
 * RGB / RGBA — what @napi-rs/canvas and common logo files produce. Anything else is refused with a
 * clear error rather than embedded wrong.
 */
import { inflateSync } from 'node:zlib';

export interface RawImage {
  width: number;
  height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; 8 bits per sample, rows top to bottom. */
  channels: 1 | 2 | 3 | 4;
  pixels: Uint8Array;
}

export class PngError extends Error {
  readonly code = 'PNG_UNSUPPORTED';
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 4: 2, 2: 3, 6: 4 };

export function decodePng(png: Uint8Array): RawImage {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!SIGNATURE.every((b, i) => buf[i] === b)) throw new PngError('not a PNG file');
  let width = 0;
  let height = 0;
  let channels: 1 | 2 | 3 | 4 = 1;
  const idat: Buffer[] = [];
  let at = 8;
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      const colour = data[9] ?? -1;
      const interlace = data[12];
      const c = CHANNELS[colour];
      if (depth !== 8 || c === undefined || interlace !== 0) {
        throw new PngError(
          `PNG depth ${depth}, colour type ${colour}, interlace ${interlace} is not supported`,
        );
      }
      channels = c;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (width === 0 || height === 0 || idat.length === 0) throw new PngError('PNG has no image data');
  const filtered = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (filtered.length < height * (stride + 1)) throw new PngError('PNG image data is truncated');
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = filtered[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const raw = filtered[src + x] ?? 0;
      const a = x >= channels ? (pixels[row + x - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[prev + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (pixels[prev + x - channels] ?? 0) : 0;
      let value: number;
      switch (filter) {
        case 0:
          value = raw;
          break;
        case 1:
          value = raw + a;
          break;
        case 2:
          value = raw + b;
          break;
        case 3:
          value = raw + ((a + b) >> 1);
          break;
        case 4:
          value = raw + paeth(a, b, c);
          break;
        default:
          throw new PngError(`PNG filter ${filter} is not valid`);
      }
      pixels[row + x] = value & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
