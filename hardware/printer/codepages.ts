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
 * Text to single bytes in `cs`. A character the page lacks falls back to its unaccented letter
 * ("ő" -> "o"), then to "?", so a receipt always prints rather than failing on an odd product name.
 */
export function encodeText(text: string, cs: ReceiptCharacterSet): Buffer {
  const enc = ENCODE.get(cs) as Map<string, number>;
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (code >= 0x20 && code < 0x7f) {
      out.push(code);
      continue;
    }
    const mapped = enc.get(ch);
    if (mapped !== undefined) {
      out.push(mapped);
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    const baseCode = base.length === 1 ? base.charCodeAt(0) : -1;
    if (baseCode >= 0x20 && baseCode < 0x7f) out.push(baseCode);
    else if (base.length === 1 && enc.has(base)) out.push(enc.get(base) as number);
    else if (!/\p{M}/u.test(ch)) out.push(0x3f);
  }
  return Buffer.from(out);
}

export function decodeByte(byte: number, cs: ReceiptCharacterSet): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  return (DECODE.get(cs) as string[])[byte - 0x80] ?? '\ufffd';
}
