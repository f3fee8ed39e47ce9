/**
 * A virtual 2x20 display: replays ESC/POS display commands and returns what a customer would read.
 * Used by tests and by the demo's virtual devices. Unknown commands throw, so an encoder bug does not
 * pass as an odd-looking screen.
 */
import { decodeByte } from '../text/code-pages';
import {
  CODE_PAGE_NUMBER,
  DISPLAY_COLUMNS,
  DISPLAY_ROWS,
  displayCodePage,
  type DisplayCodePage,
} from './pole-display';

export class DisplayDecodeError extends Error {
  readonly code = 'DISPLAY_DECODE';
}

export class VirtualDisplay {
  private cells: string[][] = [];
  private x = 0;
  private y = 0;
  private page: DisplayCodePage;
  /** Bytes of a command split across writes, kept until it is complete. */
  private pending: number[] = [];

  constructor(page: DisplayCodePage = 'pc850') {
    this.page = page;
    this.clear();
  }

  lines(): [string, string] {
    return [this.cells[0]?.join('') ?? '', this.cells[1]?.join('') ?? ''];
  }

  get codePage(): DisplayCodePage {
    return this.page;
  }

  write(chunk: Uint8Array): void {
    const bytes = [...this.pending, ...chunk];
    this.pending = [];
    let i = 0;
    while (i < bytes.length) {
      const used = this.step(bytes, i);
      if (used === 0) {
        this.pending = bytes.slice(i);
        return;
      }
      i += used;
    }
  }

  /** Executes one command or character at i; returns bytes consumed, 0 when the command is incomplete. */
  private step(b: number[], i: number): number {
    const c = b[i] as number;
    const need = (n: number): boolean => i + n <= b.length;
    switch (c) {
      case 0x0c:
        this.clear();
        return 1;
      case 0x0d:
        this.x = 0;
        return 1;
      case 0x0a:
        if (this.y < DISPLAY_ROWS - 1) this.y++;
        else this.scroll();
        return 1;
      case 0x08:
        this.x = Math.max(0, this.x - 1);
        return 1;
      case 0x1b: {
        if (!need(2)) return 0;
        const op = b[i + 1];
        if (op === 0x40) {
          this.clear();
          return 2;
        }
        if (op === 0x74 || op === 0x3d || op === 0x52) {
          if (!need(3)) return 0;
          if (op === 0x74) this.page = pageFromNumber(b[i + 2] as number);
          return 3;
        }
        throw new DisplayDecodeError(`unknown command ESC 0x${(op ?? 0).toString(16)}`);
      }
      case 0x1f: {
        if (!need(2)) return 0;
        const op = b[i + 1];
        if (op === 0x01 || op === 0x02 || op === 0x03) return 2; // overwrite / vertical / horizontal scroll modes
        if (op === 0x24) {
          if (!need(4)) return 0;
          const x = b[i + 2] as number;
          const y = b[i + 3] as number;
          if (x < 1 || x > DISPLAY_COLUMNS || y < 1 || y > DISPLAY_ROWS) {
            throw new DisplayDecodeError(`cursor position out of range: ${x},${y}`);
          }
          this.x = x - 1;
          this.y = y - 1;
          return 4;
        }
        if (op === 0x43 || op === 0x58) return need(3) ? 3 : 0; // cursor on/off, brightness
        throw new DisplayDecodeError(`unknown command US 0x${(op ?? 0).toString(16)}`);
      }
      default:
        if (c < 0x20) throw new DisplayDecodeError(`unexpected control byte 0x${c.toString(16)}`);
        this.put(decodeByte(c, displayCodePage(this.page)));
        return 1;
    }
  }

  /** Overwrite mode: the cursor stays on the last cell instead of scrolling. */
  private put(ch: string): void {
    const row = this.cells[this.y];
    if (row) row[this.x] = ch;
    if (this.x < DISPLAY_COLUMNS - 1) this.x++;
    else if (this.y < DISPLAY_ROWS - 1) {
      this.x = 0;
      this.y++;
    }
  }

  private clear(): void {
    this.cells = Array.from({ length: DISPLAY_ROWS }, () => Array<string>(DISPLAY_COLUMNS).fill(' '));
    this.x = 0;
    this.y = 0;
  }

  private scroll(): void {
    this.cells.shift();
    this.cells.push(Array<string>(DISPLAY_COLUMNS).fill(' '));
  }
}

function pageFromNumber(n: number): DisplayCodePage {
  const found = (Object.keys(CODE_PAGE_NUMBER) as DisplayCodePage[]).find((p) => CODE_PAGE_NUMBER[p] === n);
  if (!found) throw new DisplayDecodeError(`code page ${n} not supported`);
  return found;
}

/** Renders bytes on a fresh display and returns the two 20-character lines. */
export function decodeDisplay(bytes: Uint8Array, page: DisplayCodePage = 'pc850'): [string, string] {
  const d = new VirtualDisplay(page);
  d.write(bytes);
  return d.lines();
}
