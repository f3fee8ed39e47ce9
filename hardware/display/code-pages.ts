/**
 * Single-byte code pages for devices that print or show French text: customer displays and receipt
 * printers (PC850, WPC1252 selected by ESC t n) and PDF's WinAnsiEncoding (which is Windows-1252).
 * Characters a page lacks fall back to their unaccented letter, then to '?', so a label never fails
 * on an unusual name; `canEncode` tells a caller that must pick another text (Arabic) instead.
 */

export type CodePage = 'pc850' | 'wpc1252';

/** Bytes 0x80-0xFF of IBM PC850 (Multilingual Latin 1). */
const PC850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

/** Bytes 0x80-0x9F of Windows-1252; 0xA0-0xFF are the Latin-1 characters of the same value. */
const CP1252_80_9F = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

const HIGH: Record<CodePage, string> = {
  pc850: PC850_HIGH,
  wpc1252: CP1252_80_9F + Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).join(''),
};

const ENCODERS = new Map<CodePage, Map<string, number>>();

function encoderFor(page: CodePage): Map<string, number> {
  let map = ENCODERS.get(page);
  if (!map) {
    map = new Map();
    const high = HIGH[page];
    for (let i = 0; i < high.length; i++) {
      const ch = high[i];
      if (ch !== undefined && ch !== '\ufffd') map.set(ch, 0x80 + i);
    }
    ENCODERS.set(page, map);
  }
  return map;
}

/** Typographic characters French text is full of, mapped to what every page has. */
const SUBSTITUTES: Record<string, string> = {
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  œ: 'oe',
  Œ: 'OE',
  '\u202f': ' ',
  '\u00a0': ' ',
};

function byteOf(ch: string, page: CodePage): number | undefined {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x20 && code < 0x7f) return code;
  return encoderFor(page).get(ch);
}

/** True when every character has a byte of its own (no fallback), e.g. false for Arabic. */
export function canEncode(text: string, page: CodePage): boolean {
  for (const ch of text) {
    if (byteOf(ch, page) === undefined && SUBSTITUTES[ch] === undefined) return false;
  }
  return true;
}

/** Replaces what the page lacks: typographic marks, then accents stripped, then '?'. Keeps one char per char when it can. */
export function fitToCodePage(text: string, page: CodePage): string {
  let out = '';
  for (const ch of text) {
    if (byteOf(ch, page) !== undefined) out += ch;
    else if (SUBSTITUTES[ch] !== undefined) out += SUBSTITUTES[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length > 0 && [...base].every((c) => byteOf(c, page) !== undefined) ? base : '?';
    }
  }
  return out;
}

export function encodeCodePage(text: string, page: CodePage): Uint8Array {
  const fitted = fitToCodePage(text, page);
  const bytes: number[] = [];
  for (const ch of fitted) bytes.push(byteOf(ch, page) ?? 0x3f);
  return Uint8Array.from(bytes);
}

export function decodeCodePage(bytes: Uint8Array, page: CodePage): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : (HIGH[page][b - 0x80] ?? '\ufffd');
  return out;
}
