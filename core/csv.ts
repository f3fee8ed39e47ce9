import type { IssueCode, IssueParams } from './product-issues';
import { UNITS, type Unit } from './quantity';

/**
 * RFC 4180 CSV, as spreadsheets write it in Morocco: comma or semicolon separated (French Excel uses
 * ';'), optional UTF-8 BOM, CRLF or LF, quoted fields with doubled quotes.
 */
export interface CsvTable {
  header: string[];
  /** Each row with its 1-based line number in the file, so errors point at what the user sees. */
  rows: { line: number; cells: string[] }[];
}

export class CsvError extends Error {
  /** Ours (core/errors.ts): a malformed file reaching the API by any path is answered as such. */
  readonly code = 'CSV_INVALID';
  constructor(
    message: string,
    readonly line: number,
    /** What the screen translates (issue.<kind>). */
    readonly kind: 'CSV_EMPTY' | 'CSV_UNCLOSED_QUOTE' | 'CSV_STRAY_QUOTE',
  ) {
    super(message);
  }
}

export function detectSeparator(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of firstLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

export function parseCsv(text: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLineEnd = src.search(/\r?\n/);
  const sep = detectSeparator(firstLineEnd < 0 ? src : src.slice(0, firstLineEnd));
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldWasQuoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field.length > 0)
        throw new CsvError(`unexpected quote inside an unquoted field`, line, 'CSV_STRAY_QUOTE');
      quoted = true;
      fieldWasQuoted = true;
    } else if (c === sep) {
      cells.push(fieldWasQuoted ? field : field.trim());
      field = '';
      fieldWasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      cells.push(fieldWasQuoted ? field : field.trim());
      if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
      cells = [];
      field = '';
      fieldWasQuoted = false;
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvError('a quoted field is not closed', recordLine, 'CSV_UNCLOSED_QUOTE');
  if (field.length > 0 || cells.length > 0) {
    cells.push(fieldWasQuoted ? field : field.trim());
    records.push({ line: recordLine, cells });
  }
  const [head, ...rows] = records;
  if (!head) throw new CsvError('the file is empty', 1, 'CSV_EMPTY');
  return { header: head.cells.map((h) => h.trim().toLowerCase()), rows };
}

/** One problem of an imported file: where, what (a code the screen translates, with its params), and English. */
export interface CsvRowError {
  line: number;
  column: string | null;
  code: IssueCode;
  params: IssueParams;
  message: string;
}

/**
 * Units as people write them: the API values and the labels the app itself shows in fr/ar/en ("pce", "pc",
 * "قطعة", "كغ", "ل"), and their usual spellings. Compared case- and accent-insensitively.
 */
const UNIT_ALIASES: Record<string, Unit> = {
  piece: 'piece',
  pce: 'piece',
  pc: 'piece',
  pcs: 'piece',
  pces: 'piece',
  pieces: 'piece',
  u: 'piece',
  unite: 'piece',
  قطعة: 'piece',
  kg: 'kg',
  kilo: 'kg',
  kilogramme: 'kg',
  كغ: 'kg',
  كلغ: 'kg',
  l: 'l',
  litre: 'l',
  liter: 'l',
  ل: 'l',
  لتر: 'l',
};

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
}

export function parseUnitCell(text: string): Unit | null {
  const key = fold(text);
  if ((UNITS as readonly string[]).includes(key)) return key as Unit;
  return UNIT_ALIASES[key] ?? null;
}
