import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { tillByToken, type TokenTill } from '../db/services/tills';
import type { Store } from '../db/store';

/** The header a paired till or tablet presents its token in (and the cookie a paired browser keeps it in). */
export const TILL_HEADER = 'x-souk-till';
export const TILL_COOKIE = 'souk_till';

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form (a dual-stack listener reports those). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a.startsWith('127.') || a === '::1';
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header, lower case, without port, brackets or a trailing dot. */
export function hostOf(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  let name: string;
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    if (close < 0) return null;
    name = h.slice(1, close);
  } else {
    const colon = h.indexOf(':');
    if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) return null; // an unbracketed IPv6 literal is not a Host
    name = colon >= 0 ? h.slice(0, colon) : h;
  }
  name = name.replace(/\.$/, '');
  return name === '' ? null : name;
}

/**
 * Which Host headers reach the station. A page on another site that rebinds its own DNS name to the
 * station's address still sends its own name as Host, so naming the station's names and addresses
 * here is what keeps such pages out. The address a request arrived on is always allowed, so a DHCP
 * renumbering does not lock the tablets out; loopback names only from the station's own machine.
 */
export class HostAllowList {
  private readonly names: Set<string>;

  constructor(extra: readonly string[] = []) {
    const own = hostname().toLowerCase();
    this.names = new Set([own, `${own}.local`, ...extra.map((e) => hostOf(e)).filter((e) => e !== null)]);
  }

  allows(req: IncomingMessage): boolean {
    const name = hostOf(req.headers.host);
    if (name === null) return false;
    if (LOOPBACK_NAMES.includes(name)) return isLoopback(req.socket.remoteAddress);
    if (this.names.has(name)) return true;
    const local = req.socket.localAddress?.toLowerCase().replace(/^::ffff:/, '');
    return local !== undefined && name === local;
  }
}

/** A paired till or tablet's outcome for one request; `till` null is the station's own machine without a token. */
export type Admission =
  | { ok: true; till: TokenTill | null }
  | { ok: false; code: 'DEVICE_NOT_PAIRED' | 'TILL_REVOKED'; message: string };

/** Decides who a request comes from: a paired till or tablet (its token), or the station's own machine. */
export interface DeviceGate {
  admit(req: IncomingMessage, local: boolean): Admission;
}

/** The token a request presents: the header (till host, apps) or the cookie set at pairing (browsers). */
export function presentedTillToken(req: IncomingMessage): string | null {
  const header = req.headers[TILL_HEADER];
  if (typeof header === 'string' && header !== '') return header.trim();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TILL_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Paired devices (db/services/tills.ts): a till or tablet off the station's machine must present its
 * token; a revoked one is told so and gets nothing else. A token is checked on loopback too (a till host
 * may run on the station's machine), and no token there is the station's own till.
 */
export class TillGate implements DeviceGate {
  constructor(private readonly store: Store) {}

  admit(req: IncomingMessage, local: boolean): Admission {
    const token = presentedTillToken(req);
    if (token === null) {
      return local
        ? { ok: true, till: null }
        : {
            ok: false,
            code: 'DEVICE_NOT_PAIRED',
            message: 'This device is not paired with the station: pair it with a code from the Tills screen.',
          };
    }
    const till = tillByToken(this.store, token);
    if (!till) {
      return {
        ok: false,
        code: 'DEVICE_NOT_PAIRED',
        message: 'This device token is not one the station issued (or the till was paired again elsewhere).',
      };
    }
    if (till.revoked) {
      return {
        ok: false,
        code: 'TILL_REVOKED',
        message: `Till ${till.id} was revoked by a manager: it must be paired again.`,
      };
    }
    return { ok: true, till };
  }
}

/** The cookie a browser keeps its till token in: HttpOnly (no script reads it), this site only, a year. */
export function tillCookie(token: string, secure: boolean): string {
  return `${TILL_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000${secure ? '; Secure' : ''}`;
}

/** Addresses a tablet on the LAN can reach the station on, for the start-up banner. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
}
