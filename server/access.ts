import { randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/** The header a LAN device presents its key in (and the cookie the pairing link sets, for browsers). */
export const DEVICE_HEADER = 'x-souk-device';
export const DEVICE_COOKIE = 'souk_device';

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

/**
 * Decides whether a client off the station's machine may call the API. Today one shared station
 * device key; till pairing will replace this with a token per paired device behind the same interface.
 */
export interface DeviceGate {
  admits(req: IncomingMessage): boolean;
  /** The key a pairing link carries (GET /device?key=…). */
  checkKey(key: string | null): boolean;
}

function presentedKey(req: IncomingMessage): string | null {
  const header = req.headers[DEVICE_HEADER];
  if (typeof header === 'string' && header !== '') return header.trim();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === DEVICE_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

const KEY_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** The station's device key: made once, kept in a file beside the database (owner-only), never sent by the API. */
export class StationDeviceKey implements DeviceGate {
  private constructor(
    readonly key: string,
    readonly file: string,
  ) {}

  static forDatabase(dbFile: string): StationDeviceKey {
    const file = `${dbFile}.device-key`;
    try {
      // 'wx': two stations starting on the same database cannot each write a different key.
      const fd = openSync(file, 'wx', 0o600);
      const key = randomBytes(32).toString('base64url');
      writeSync(fd, `${key}\n`);
      closeSync(fd);
      return new StationDeviceKey(key, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const key = readFileSync(file, 'utf8').trim();
    if (!KEY_FORMAT.test(key)) {
      throw new Error(
        `${file} does not hold a station device key; delete it to make a new one (tablets re-pair).`,
      );
    }
    return new StationDeviceKey(key, file);
  }

  checkKey(candidate: string | null): boolean {
    if (candidate === null) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.key);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  admits(req: IncomingMessage): boolean {
    return this.checkKey(presentedKey(req));
  }
}

/** Addresses a tablet on the LAN can reach the station on, for the start-up banner. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => i!.address);
}
