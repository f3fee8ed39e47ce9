/**
 * The single-byte code pages of every device that takes Latin text: receipt printers (ESC t n / ESC GS t n),
 * customer pole displays (ESC t n), label printers and PDF's WinAnsiEncoding (which is Windows-1252).
 * We encode ourselves instead of letting node-thermal-printer pick a page per character, so a whole
 * receipt or screen stays in one known page and the virtual devices can read it back byte for byte.
 * The byte tables are iconv-lite's (already node-thermal-printer's encoder), so no table is typed by hand.
 */
import iconv from 'iconv-lite';

export type CodePage = 'PC437_USA' | 'PC850_MULTILINGUAL' | 'PC858_EURO' | 'WPC1252';
export type CommandSet = 'epson' | 'star';

const ICONV_NAME: Record<CodePage, string> = {
  PC437_USA: 'cp437',
  PC850_MULTILINGUAL: 'cp850',
  PC858_EURO: 'cp858',
  WPC1252: 'windows1252',
};

/** The page number each command set's "select code page" command takes (Epson ESC t n, Star ESC GS t n). */
export const CODE_PAGE_NUMBER: Record<CommandSet, Partial<Record<CodePage, number>>> = {
  epson: { PC437_USA: 0, PC850_MULTILINGUAL: 2, PC858_EURO: 19, WPC1252: 16 },
  // Star line mode has no plain PC850; PC858 is its Latin-1 page.
  star: { PC437_USA: 1, PC858_EURO: 4, WPC1252: 32 },
};

// Bytes 0x80..0xFF of each page, in order; U+FFFD marks bytes the page leaves undefined (5 in Windows-1252).
const HIGH_BYTES = Buffer.from(Array.from({ length: 0x80 }, (_, i) => 0x80 + i));
const DECODE = new Map<CodePage, string[]>();
const ENCODE = new Map<CodePage, Map<string, number>>();
for (const [page, name] of Object.entries(ICONV_NAME) as [CodePage, string][]) {
  const chars = [...iconv.decode(HIGH_BYTES, name)];
  if (chars.length !== 0x80) throw new Error(`code page ${page} table has ${chars.length} entries`);
  DECODE.set(page, chars);
  const enc = new Map<string, number>();
  chars.forEach((ch, i) => {
    if (ch !== '\ufffd' && !enc.has(ch)) enc.set(ch, 0x80 + i);
  });
  ENCODE.set(page, enc);
}

/** Code page for a number received in a select-code-page command, or undefined if unknown. */
export function codePageForNumber(commandSet: CommandSet, n: number): CodePage | undefined {
  for (const [page, num] of Object.entries(CODE_PAGE_NUMBER[commandSet]))
    if (num === n) return page as CodePage;
  return undefined;
}

export function supportsCodePage(commandSet: CommandSet, page: CodePage): boolean {
  return CODE_PAGE_NUMBER[commandSet][page] !== undefined;
}

/**
 * What a device shows for characters a code page may lack: typographic punctuation from shop names and
 * product names typed on phones ("Souk Tadamoun — Boutique", "l’huile"), spaces that French formatting
 * puts in amounts. Used only when the page has no byte for the character itself.
 */
const SUBSTITUTES: Record<string, string> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2039': '<',
  '\u203a': '>',
  '\u2026': '...',
  '\u2022': '*',
  '\u00b7': '.',
  '\u20ac': 'EUR',
  '\u2122': 'TM',
  '\u00a9': '(c)',
  '\u00ae': '(R)',
  '\u00d7': 'x',
  '\u0153': 'oe',
  '\u0152': 'OE',
  '\u00e6': 'ae',
  '\u00c6': 'AE',
  '\u0141': 'L', // Ł has no decomposition to its base letter
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
  '\u2192': '->',
  '\u2190': '<-',
};
/** Every width of space, breaking or not, shows as a plain space: thermal and VFD fonts draw them alike. */
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
/** Zero-width marks show as nothing. */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff]/;
const MARK = /^\p{M}$/u;
/** The last resort for a character with no substitute at all: visible, and never mistaken for a question. */
export const UNPRINTABLE = '_';

function byteOf(ch: string, enc: Map<string, number>): number | undefined {
  const code = ch.codePointAt(0) ?? -1;
  if (code >= 0x20 && code < 0x7f) return code;
  return enc.get(ch);
}

function encodable(str: string, enc: Map<string, number>): boolean {
  for (const c of str) if (byteOf(c, enc) === undefined) return false;
  return str.length > 0;
}

/**
 * The text as the page can show it, every character of the result having a byte in `page`. A character the
 * page lacks gets a substitute (— -> "-", ’ -> "'", … -> "...", no-break spaces -> " "), or its unaccented
 * letter ("ő" -> "o"), or its compatibility form ("ﬁ" -> "fi", "²" -> "2"); only a character with none of
 * these becomes "_". Never "?", which a customer reads as part of the text.
 */
export function fitText(text: string, page: CodePage): string {
  const enc = ENCODE.get(page) as Map<string, number>;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (SPACES.test(ch)) {
      out += ' ';
      continue;
    }
    if (INVISIBLE.test(ch) || MARK.test(ch)) continue;
    if (byteOf(ch, enc) !== undefined) {
      out += ch;
      continue;
    }
    const candidates = [
      SUBSTITUTES[ch],
      ch.normalize('NFD').replace(/\p{M}/gu, ''),
      ch.normalize('NFKD').replace(/\p{M}/gu, ''),
    ];
    out += candidates.find((c) => c !== undefined && encodable(c, enc)) ?? UNPRINTABLE;
  }
  return out;
}

/** Text to single bytes in `page`, through fitText's substitutions. */
export function encodeText(text: string, page: CodePage): Buffer {
  const enc = ENCODE.get(page) as Map<string, number>;
  const fitted = fitText(text, page);
  const out: number[] = [];
  for (const ch of fitted) out.push(byteOf(ch, enc) ?? UNPRINTABLE.charCodeAt(0));
  return Buffer.from(out);
}

/**
 * True when every character has a byte of its own or a substitute written for it, i.e. the text reads as
 * typed: false for Arabic, which a caller then replaces with other text (the French name) instead.
 */
export function canEncode(text: string, page: CodePage): boolean {
  const enc = ENCODE.get(page) as Map<string, number>;
  for (const ch of text.normalize('NFC')) {
    if (SPACES.test(ch) || INVISIBLE.test(ch) || MARK.test(ch) || byteOf(ch, enc) !== undefined) continue;
    const sub = SUBSTITUTES[ch];
    if (sub === undefined || !encodable(sub, enc)) return false;
  }
  return true;
}

export function decodeByte(byte: number, page: CodePage): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  return (DECODE.get(page) as string[])[byte - 0x80] ?? '\ufffd';
}

export function decodeText(bytes: Uint8Array, page: CodePage): string {
  let out = '';
  for (const b of bytes) out += decodeByte(b, page);
  return out;
}
