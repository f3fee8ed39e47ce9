/**
 * Reads PDFs back with poppler-utils, as a reader's tools would: the text a phone can search and copy
 * (pdftotext), the page count (pdfinfo), the fonts (pdffonts), and page images kept as test artefacts
 * (pdftoppm -png -r 60 into tests/artifacts/documents/, which git ignores).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from '../../hardware/labels/png-decode';

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'documents');

function withFile<T>(bytes: Uint8Array, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'souk-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

export function pdfPageCount(bytes: Uint8Array): number {
  return withFile(bytes, (file) => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1]));
}

/**
 * The text of each page, in reading layout (-layout keeps a table row on one line). Arabic comes out
 * in logical order, as typed: what a search on a phone matches.
 */
export function pdfPages(bytes: Uint8Array): string[] {
  const text = withFile(bytes, (file) => run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']));
  const pages = text.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages.map(stripBidiMarks);
}

/** pdftotext marks right-to-left runs with embedding controls (U+202A..U+202E); a reader sees none. */
function stripBidiMarks(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '');
}

/** All pages' text with runs of spaces and line breaks as one space: a wrapped name reads whole. */
export function flatText(bytes: Uint8Array): string {
  // Reading order, not layout: a name wrapped inside its table cell comes out as one run of text.
  const text = withFile(bytes, (file) => run('pdftotext', ['-enc', 'UTF-8', file, '-']));
  return stripBidiMarks(text).replace(/\s+/g, ' ');
}

/** The one layout line that holds `label` (a totals row: its label and its amount). */
export function lineWith(page: string, label: string): string {
  const lines = page.split('\n').filter((l) => l.includes(label));
  if (lines.length === 0) throw new Error(`no line holds "${label}"`);
  return lines[lines.length - 1]!;
}

/** Raster images in the PDF (pdfimages -list): 0 when everything is text and vectors. */
export function pdfImageCount(bytes: Uint8Array): number {
  const out = withFile(bytes, (file) => run('pdfimages', ['-list', file]));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '').length;
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(bytes: Uint8Array): PdfFont[] {
  const out = withFile(bytes, (file) => run('pdffonts', [file]));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: the three yes/no columns sit before the last two.
      const emb = cols[cols.length - 5];
      return { name: cols[0] ?? '', type: cols.slice(1, 3).join(' '), embedded: emb === 'yes' };
    });
}

/**
 * Page images at 60 dpi under tests/artifacts/documents/<name>-<n>.png, for a look after a run; `upTo` keeps
 * a long document's first pages only.
 */
export function savePageImages(bytes: Uint8Array, name: string, upTo?: number): string[] {
  mkdirSync(ARTIFACTS, { recursive: true });
  return withFile(bytes, (file) => {
    const dir = join(file, '..');
    const range = upTo === undefined ? [] : ['-f', '1', '-l', String(upTo)];
    run('pdftoppm', ['-png', '-r', '60', ...range, file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort()
      .map((f) => {
        const n = Number(/(\d+)\.png$/.exec(f)?.[1]);
        const target = join(ARTIFACTS, `${name}-${n}.png`);
        copyFileSync(join(dir, f), target);
        return target;
      });
  });
}

/**
 * Pixels of each page (at 30 dpi) that are clearly red-tinted: the draft watermark and banner are the only
 * red ink on a statement, and pdftotext does not read rotated text back.
 */
export function reddishPixels(bytes: Uint8Array): number[] {
  return withFile(bytes, (file) => {
    const dir = join(file, '..');
    run('pdftoppm', ['-png', '-r', '30', file, join(dir, 'tint')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('tint') && f.endsWith('.png'))
      .sort((a, b) => Number(/(\d+)\.png$/.exec(a)?.[1]) - Number(/(\d+)\.png$/.exec(b)?.[1]))
      .map((f) => {
        const img = decodePng(readFileSync(join(dir, f)));
        let n = 0;
        for (let i = 0; i + 2 < img.pixels.length; i += img.channels) {
          const [r, g, b] = [img.pixels[i]!, img.pixels[i + 1]!, img.pixels[i + 2]!];
          if (r > g + 12 && r > b + 12) n++;
        }
        return n;
      });
  });
}

/** Each line of text in reading order, trimmed: one label's lines, one cell's text, one heading. */
export function pdfLines(bytes: Uint8Array): string[] {
  const text = withFile(bytes, (file) => run('pdftotext', ['-enc', 'UTF-8', file, '-']));
  return stripBidiMarks(text)
    .split(/[\n\f]/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
