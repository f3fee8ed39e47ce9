import type { CodePage, CommandSet } from '../text/code-pages';
import { codePageForNumber, decodeByte } from '../text/code-pages';

/**
 * Reads ESC/POS (or Star line mode) bytes back into what a customer sees on the paper: text lines in
 * the selected code page, cuts, drawer kicks, raster images and barcodes. Pure and total: unknown or
 * truncated commands are skipped, never thrown on, since it also decodes whatever reaches the virtual
 * printer.
 */

export interface DecodedImage {
  widthDots: number;
  heightDots: number;
  /** Number of raster commands (slices) the image arrived in. */
  slices: number;
  /** Rows packed MSB-first, widthDots / 8 bytes per row. */
  data: Uint8Array;
}

export interface DecodedReceipt {
  lines: string[];
  cuts: number;
  drawerKicks: { pin: 2 | 5; onMs: number; offMs: number }[];
  images: DecodedImage[];
  barcodes: { type: string; data: string }[];
  /** Real-time status requests (DLE EOT n) seen in the stream. */
  statusRequests: number[];
}

export interface DecodeOptions {
  commandSet?: CommandSet;
}

const EPSON_BARCODES: Record<number, string> = {
  0: 'UPC-A',
  1: 'UPC-E',
  2: 'EAN13',
  3: 'EAN8',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODABAR',
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
};

const STAR_BARCODES: Record<number, string> = {
  0: 'UPC-E',
  1: 'UPC-A',
  2: 'EAN8',
  3: 'EAN13',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODE128',
  7: 'CODE93',
  8: 'CODABAR',
};

/** CODE128 data as sent with GS k 73: "{A"/"{B"/"{C" switch code sets; "{C" packs two digits per byte. */
function decodeCode128(bytes: Uint8Array): string {
  let out = '';
  let set: 'A' | 'B' | 'C' = 'B';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const next = bytes[i + 1];
    if (b === 0x7b && next !== undefined) {
      if (next === 0x41 || next === 0x42 || next === 0x43) {
        set = String.fromCharCode(next) as 'A' | 'B' | 'C';
        i++;
        continue;
      }
      if (next === 0x7b) {
        out += '{';
        i++;
        continue;
      }
      i++;
      continue; // FNC and shift codes carry no printed character
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

export function decodeEscPos(input: Uint8Array, options: DecodeOptions = {}): DecodedReceipt {
  const star = options.commandSet === 'star';
  const bytes = input;
  const n = bytes.length;
  const out: DecodedReceipt = {
    lines: [],
    cuts: 0,
    drawerKicks: [],
    images: [],
    barcodes: [],
    statusRequests: [],
  };
  let cs: CodePage = 'PC437_USA';
  let line = '';
  let lineHasContent = false;
  let open: { widthBytes: number; rows: Uint8Array[]; slices: number } | null = null;
  let starPulse = { onMs: 200, offMs: 200 };
  let i = 0;

  const at = (k: number): number => bytes[k] ?? 0;
  const flushLine = (): void => {
    out.lines.push(line.replace(/\s+$/, ''));
    line = '';
    lineHasContent = false;
  };
  const closeImage = (): void => {
    if (!open) return;
    const data = new Uint8Array(open.rows.length * open.widthBytes);
    open.rows.forEach((r, k) => data.set(r, k * open!.widthBytes));
    out.images.push({
      widthDots: open.widthBytes * 8,
      heightDots: open.rows.length,
      slices: open.slices,
      data,
    });
    open = null;
  };
  const addRows = (widthBytes: number, rowCount: number, from: number): void => {
    if (open && open.widthBytes !== widthBytes) closeImage();
    if (!open) open = { widthBytes, rows: [], slices: 0 };
    open.slices++;
    for (let r = 0; r < rowCount; r++) {
      const startAt = from + r * widthBytes;
      const row = new Uint8Array(widthBytes);
      row.set(bytes.subarray(Math.min(n, startAt), Math.min(n, startAt + widthBytes)));
      open.rows.push(row);
    }
  };
  /** Skips a command of `len` bytes; anything but raster data ends the image being assembled. */
  const skip = (len: number): void => {
    closeImage();
    i += len;
  };

  while (i < n) {
    const b = at(i);
    if (b === 0x0a) {
      closeImage();
      flushLine();
      i++;
      continue;
    }
    if (b >= 0x20 && b !== 0x7f) {
      closeImage();
      line += decodeByte(b, cs);
      lineHasContent = true;
      i++;
      continue;
    }
    if (b === 0x09) {
      line += ' ';
      i++;
      continue;
    }
    if (b === 0x10) {
      // DLE EOT n / DLE ENQ n / DLE DC4 fn m t (real-time commands).
      const c = at(i + 1);
      if (c === 0x04) {
        out.statusRequests.push(at(i + 2));
        i += 3;
      } else if (c === 0x05) i += 3;
      else if (c === 0x14) {
        if (at(i + 2) === 1 && i + 4 < n) {
          const t = at(i + 4) * 100;
          out.drawerKicks.push({ pin: at(i + 3) & 1 ? 5 : 2, onMs: t, offMs: t });
        }
        i += 5;
      } else i++;
      continue;
    }
    if (star && (b === 0x07 || b === 0x1a)) {
      out.drawerKicks.push({ pin: b === 0x07 ? 2 : 5, ...starPulse });
      skip(1);
      continue;
    }
    if (star && b === 0x0b) {
      if (lineHasContent) flushLine();
      skip(1);
      continue;
    }
    if (b === 0x1b) {
      const c = at(i + 1);
      if (c === 0x40) {
        cs = 'PC437_USA';
        skip(2);
      } else if (!star && c === 0x70) {
        if (i + 4 < n)
          out.drawerKicks.push({ pin: at(i + 2) & 1 ? 5 : 2, onMs: at(i + 3) * 2, offMs: at(i + 4) * 2 });
        skip(5);
      } else if (!star && c === 0x74) {
        cs = codePageForNumber('epson', at(i + 2)) ?? cs;
        skip(3);
      } else if (!star && c === 0x64) {
        if (lineHasContent) flushLine();
        skip(3);
      } else if (!star && c === 0x2a) {
        const m = at(i + 2);
        const count = at(i + 3) + at(i + 4) * 256;
        skip(5 + count * (m <= 1 ? 1 : 3));
      } else if (!star && (c === 0x24 || c === 0x5c)) skip(4);
      else if (!star && c === 0x63) skip(4);
      else if (!star && c === 0x32) skip(2);
      else if (!star && (c === 0x3c || c === 0x69 || c === 0x6d)) {
        // ESC i / ESC m: legacy partial cut; ESC <: return home.
        if (c !== 0x3c) out.cuts++;
        skip(2);
      } else if (star && c === 0x1d) {
        // ESC GS t n (code page), ESC GS a n (align) and the other ESC GS x n commands.
        if (at(i + 2) === 0x74) cs = codePageForNumber('star', at(i + 3)) ?? cs;
        skip(4);
      } else if (star && c === 0x64) {
        if (lineHasContent) flushLine();
        out.cuts++;
        skip(3);
      } else if (star && (c === 0x45 || c === 0x46 || c === 0x34 || c === 0x35 || c === 0x0e || c === 0x14)) {
        skip(2);
      } else if (star && c === 0x69) skip(4);
      else if (star && c === 0x07) {
        starPulse = { onMs: at(i + 2) * 10, offMs: at(i + 3) * 10 };
        skip(4);
      } else if (star && c === 0x62) {
        // ESC b n1 n2 n3 n4 data RS
        const type = STAR_BARCODES[at(i + 2) >= 48 ? at(i + 2) - 48 : at(i + 2)] ?? `STAR_${at(i + 2)}`;
        let j = i + 6;
        while (j < n && at(j) !== 0x1e) j++;
        out.barcodes.push({
          type,
          data: Buffer.from(bytes.subarray(Math.min(n, i + 6), j)).toString('latin1'),
        });
        skip(j + 1 - i);
      } else if (star && c === 0x2a && at(i + 2) === 0x72) {
        // Star raster mode: ESC * r A ... ESC * r B, rows as `b n1 n2 data`; keep assembling one image.
        i += 4;
        while (i < n) {
          const r = at(i);
          if (r === 0x62) {
            const width = at(i + 1) + at(i + 2) * 256;
            if (!open || open.widthBytes !== width) {
              closeImage();
              open = { widthBytes: width, rows: [], slices: 1 };
            }
            const row = new Uint8Array(width);
            row.set(bytes.subarray(Math.min(n, i + 3), Math.min(n, i + 3 + width)));
            open.rows.push(row);
            i += 3 + width;
          } else if (r === 0x1b && at(i + 1) === 0x2a && at(i + 2) === 0x72) {
            if (at(i + 3) === 0x42) {
              i += 4;
              break;
            }
            i += 4;
            while (i < n && at(i) !== 0) i++;
            i++;
          } else i++;
        }
        // Consecutive raster-mode blocks of one image count as slices.
        if (open) {
          const next = at(i) === 0x1b && at(i + 1) === 0x2a && at(i + 2) === 0x72 && at(i + 3) === 0x41;
          if (next) open.slices++;
          else closeImage();
        }
      } else skip(3);
      continue;
    }
    if (b === 0x1d && !star) {
      const c = at(i + 1);
      if (c === 0x56) {
        if (lineHasContent) flushLine();
        out.cuts++;
        const m = at(i + 2);
        skip(m >= 0x41 ? 4 : 3);
      } else if (c === 0x76 && at(i + 2) === 0x30) {
        if (lineHasContent) flushLine();
        const widthBytes = at(i + 4) + at(i + 5) * 256;
        const rows = at(i + 6) + at(i + 7) * 256;
        if (widthBytes > 0 && rows > 0) addRows(widthBytes, rows, i + 8);
        i += 8 + widthBytes * rows;
      } else if (c === 0x6b) {
        const m = at(i + 2);
        const type = EPSON_BARCODES[m] ?? `GS_k_${m}`;
        if (m <= 6) {
          let j = i + 3;
          while (j < n && at(j) !== 0) j++;
          out.barcodes.push({ type, data: Buffer.from(bytes.subarray(i + 3, j)).toString('latin1') });
          skip(j + 1 - i);
        } else {
          const len = at(i + 3);
          const raw = bytes.subarray(Math.min(n, i + 4), Math.min(n, i + 4 + len));
          const data = m === 73 ? decodeCode128(raw) : Buffer.from(raw).toString('latin1');
          out.barcodes.push({ type, data });
          skip(4 + len);
        }
      } else if (c === 0x28) {
        skip(5 + at(i + 3) + at(i + 4) * 256);
      } else if (c === 0x38 && at(i + 2) === 0x4c) {
        skip(7 + at(i + 3) + at(i + 4) * 256 + at(i + 5) * 65536 + at(i + 6) * 16777216);
      } else if (c === 0x4c || c === 0x57 || c === 0x24 || c === 0x5c) skip(4);
      else skip(3);
      continue;
    }
    if (b === 0x1c) {
      const c = at(i + 1);
      skip(c === 0x70 ? 4 : c === 0x21 || c === 0x43 || c === 0x2d ? 3 : 2);
      continue;
    }
    // CR and other control bytes have no visible effect on a receipt line.
    i++;
  }
  closeImage();
  if (lineHasContent || line !== '') flushLine();
  return out;
}
