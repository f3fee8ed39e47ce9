/**
 * Single-byte printer code pages for the receipt text. We encode ourselves instead of letting
 * node-thermal-printer pick a page per character, so the whole receipt stays in one known page and
 * the decoder can read it back byte for byte.
 */

export type ReceiptCharacterSet = 'PC437_USA' | 'PC850_MULTILINGUAL' | 'PC858_EURO' | 'WPC1252';
export type CommandSet = 'epson' | 'star';

// Bytes 0x80..0xFF of each page, in order. U+FFFD marks bytes the page leaves undefined.
const HIGH: Record<ReceiptCharacterSet, string> = {
  PC437_USA:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
  PC850_MULTILINGUAL:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
  PC858_EURO:
    'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
  WPC1252:
    '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ',
};

/** The page number each command set's "select code page" command takes (Epson ESC t n, Star ESC GS t n). */
export const CODE_PAGE_NUMBER: Record<CommandSet, Partial<Record<ReceiptCharacterSet, number>>> = {
  epson: { PC437_USA: 0, PC850_MULTILINGUAL: 2, PC858_EURO: 19, WPC1252: 16 },
  // Star line mode has no plain PC850; PC858 is its Latin-1 page.
  star: { PC437_USA: 1, PC858_EURO: 4, WPC1252: 32 },
};

const DECODE = new Map<ReceiptCharacterSet, string[]>();
const ENCODE = new Map<ReceiptCharacterSet, Map<string, number>>();
for (const [cs, high] of Object.entries(HIGH) as [ReceiptCharacterSet, string][]) {
  const chars = [...high];
  if (chars.length !== 128) throw new Error(`code page ${cs} table has ${chars.length} entries`);
  DECODE.set(cs, chars);
  const enc = new Map<string, number>();
  chars.forEach((ch, i) => {
    if (ch !== '\ufffd' && !enc.has(ch)) enc.set(ch, 0x80 + i);
  });
  ENCODE.set(cs, enc);
}

/** Character set for a page number received in a select-code-page command, or undefined if unknown. */
export function characterSetForNumber(commandSet: CommandSet, n: number): ReceiptCharacterSet | undefined {
  for (const [cs, num] of Object.entries(CODE_PAGE_NUMBER[commandSet]))
    if (num === n) return cs as ReceiptCharacterSet;
  return undefined;
}

export function supportsCharacterSet(commandSet: CommandSet, cs: ReceiptCharacterSet): boolean {
  return CODE_PAGE_NUMBER[commandSet][cs] !== undefined;
}

/**
 * What a receipt prints for characters a code page may lack: typographic punctuation from shop names and
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
/** Every width of space, breaking or not, prints as a plain space: thermal fonts draw them alike. */
const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
/** Zero-width marks print as nothing. */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff]/;
/** The last resort for a character with no substitute at all: visible, and never mistaken for a question. */
export const UNPRINTABLE = '_';

/**
 * Text to single bytes in `cs`. A character the page lacks gets a substitute (— -> "-", ’ -> "'",
 * … -> "...", no-break spaces -> " "), or its unaccented letter ("ő" -> "o"), or its compatibility form
 * ("ﬁ" -> "fi", "²" -> "2"); only a character with none of these prints as "_". Never "?", which a
 * customer reads as part of the text.
 */
export function encodeText(text: string, cs: ReceiptCharacterSet): Buffer {
  const enc = ENCODE.get(cs) as Map<string, number>;
  const out: number[] = [];
  const direct = (ch: string): number | undefined => {
    const code = ch.codePointAt(0) ?? -1;
    if (code >= 0x20 && code < 0x7f) return code;
    return enc.get(ch);
  };
  const all = (str: string): number[] | null => {
    const bytes: number[] = [];
    for (const c of str) {
      const b = direct(c);
      if (b === undefined) return null;
      bytes.push(b);
    }
    return bytes;
  };
  for (const ch of text.normalize('NFC')) {
    if (SPACES.test(ch)) {
      out.push(0x20);
      continue;
    }
    if (INVISIBLE.test(ch) || /^\p{M}$/u.test(ch)) continue;
    const mapped = direct(ch);
    if (mapped !== undefined) {
      out.push(mapped);
      continue;
    }
    const candidates = [
      SUBSTITUTES[ch],
      ch.normalize('NFD').replace(/\p{M}/gu, ''),
      ch.normalize('NFKD').replace(/\p{M}/gu, ''),
    ];
    let bytes: number[] | null = null;
    for (const c of candidates) {
      if (c === undefined || c.length === 0) continue;
      bytes = all(c);
      if (bytes) break;
    }
    out.push(...(bytes ?? [UNPRINTABLE.charCodeAt(0)]));
  }
  return Buffer.from(out);
}

export function decodeByte(byte: number, cs: ReceiptCharacterSet): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  return (DECODE.get(cs) as string[])[byte - 0x80] ?? '\ufffd';
}
