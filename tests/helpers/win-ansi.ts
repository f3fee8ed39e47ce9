/** Windows-1252 bytes as text: what a receipt printer's code page 1252 shows for them. */

/** 0x80-0x9F of Windows-1252 (Node's TextDecoder treats the label as Latin-1); the rest is Latin-1. */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWinAnsi(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += b >= 0x80 && b < 0xa0 ? (CP1252_80_9F[b - 0x80] ?? '') : String.fromCharCode(b);
  return out;
}
