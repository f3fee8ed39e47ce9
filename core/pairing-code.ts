/**
 * Pairing codes (issue 11): what a manager hands to a new till or tablet. Two forms of one code:
 *  - the secret alone, 10 characters of Crockford base32 shown as `ABCDE-FGHJK`, short enough to type
 *    on a till's keyboard; Crockford because a hand-typed I/L/O is read as 1/1/0 and case does not matter;
 *  - `souk-pair:<base32>` for scanning or pasting, which also carries where the station is and the
 *    SHA-256 fingerprint of its TLS certificate, so a till can pin the station before it sends the secret.
 * The station checks the secret only; the rest is for the till. Pure: the browser's pairing screen and the
 * till host parse codes with it too.
 */

export const PAIRING_PREFIX = 'souk-pair:';
export const PAIRING_SECRET_LENGTH = 10;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface PairingPayload {
  /** host:port the station listens on for the LAN (several when the station has several addresses). */
  addresses: string[];
  /** SHA-256 of the station's certificate, upper-case hex pairs joined by colons (Node's fingerprint256). */
  fingerprint: string;
  secret: string;
}

export function base32Encode(bytes: readonly number[]): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | (b & 0xff);
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The value of one hand-typed or scanned character; -1 when it is not base32. */
function symbolValue(ch: string): number {
  const c = ch.toUpperCase();
  if (c === 'I' || c === 'L') return 1;
  if (c === 'O') return 0;
  return ALPHABET.indexOf(c);
}

export function base32Decode(text: string): number[] | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = symbolValue(ch);
    if (v < 0) return null;
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** A typed secret in its canonical form (upper case, no separators, I/L/O read as 1/1/0); null when it cannot be one. */
export function normalizeSecret(text: string): string | null {
  const compact = text.replace(/[\s-]/g, '');
  if (compact.length !== PAIRING_SECRET_LENGTH) return null;
  let out = '';
  for (const ch of compact) {
    const v = symbolValue(ch);
    if (v < 0) return null;
    out += ALPHABET[v];
  }
  return out;
}

/** `ABCDE-FGHJK`: two groups of five, easier to read out and type. */
export function formatSecret(secret: string): string {
  const half = Math.ceil(secret.length / 2);
  return `${secret.slice(0, half)}-${secret.slice(half)}`;
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** Either spelling of a SHA-256 fingerprint (colons or not, any case) in Node's form; null when it is not one. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  const f = hex.match(/../g)!.join(':');
  return FINGERPRINT.test(f) ? f : null;
}

export function encodePairingCode(p: PairingPayload): string {
  const body = `${p.addresses.join(',')}|${p.fingerprint.replace(/:/g, '')}|${p.secret}`;
  return PAIRING_PREFIX + base32Encode(Array.from(body, (c) => c.charCodeAt(0) & 0x7f));
}

/** The long form read back; null for anything that is not one (the short form included: see pairingSecretOf). */
export function decodePairingCode(text: string): PairingPayload | null {
  const t = text.trim();
  if (!t.toLowerCase().startsWith(PAIRING_PREFIX)) return null;
  const bytes = base32Decode(t.slice(PAIRING_PREFIX.length));
  if (!bytes || bytes.some((b) => b < 0x20 || b > 0x7e)) return null;
  const parts = String.fromCharCode(...bytes).split('|');
  if (parts.length !== 3) return null;
  const [addresses, fp, secretText] = parts as [string, string, string];
  const fingerprint = normalizeFingerprint(fp);
  const secret = normalizeSecret(secretText);
  if (!fingerprint || !secret) return null;
  return { addresses: addresses === '' ? [] : addresses.split(','), fingerprint, secret };
}

/** The secret of either form of a code; null when the text is neither. */
export function pairingSecretOf(text: string): string | null {
  const full = decodePairingCode(text);
  if (full) return full.secret;
  return normalizeSecret(text);
}

/** A fresh secret from random bytes (the caller's CSPRNG: core does no I/O). */
export function secretFromBytes(bytes: readonly number[]): string {
  if (bytes.length < PAIRING_SECRET_LENGTH) throw new RangeError('secretFromBytes needs 10 random bytes');
  return bytes
    .slice(0, PAIRING_SECRET_LENGTH)
    .map((b) => ALPHABET[b & 31])
    .join('');
}
