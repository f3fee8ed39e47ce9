import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScannerStatus } from '../../../hardware/scanner/serial-scanner';
import { SerialScanner } from '../../../hardware/scanner/serial-scanner';
import { openPtyPair } from '../../helpers/pty';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openPeer(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  cleanups.push(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  );
  return port;
}

function write(port: SerialPort, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(data), (err) =>
      err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve())),
    );
  });
}

interface PtyPair {
  device: string;
  peer: string;
  stop(): Promise<void>;
}

async function pair(links?: { device: string; peer: string }): Promise<PtyPair> {
  const p = await openPtyPair(links ? { links: [links.device, links.peer] } : {});
  cleanups.push(() => p.close());
  return { device: p.a, peer: p.b, stop: () => p.close() };
}

async function scanner(path: string, options: Partial<ConstructorParameters<typeof SerialScanner>[0]> = {}) {
  const s = new SerialScanner({ path, reconnectMs: 100, ...options });
  cleanups.push(() => s.stop());
  const got: string[] = [];
  s.on('code', (c) => got.push(c));
  await s.start();
  return { s, got };
}

/** Resolves once `predicate` holds, checked again on each code the scanner emits (no polling, no sleep). */
function until(s: SerialScanner, predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!predicate()) return;
      clearTimeout(timer);
      s.off('code', check);
      resolve();
    };
    const timer = setTimeout(() => {
      s.off('code', check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    s.on('code', check);
    check();
  });
}

function statusReached(s: SerialScanner, wanted: ScannerStatus): Promise<void> {
  return new Promise((resolve) => {
    const on = (st: ScannerStatus): void => {
      if (st === wanted) {
        s.off('status', on);
        resolve();
      }
    };
    s.on('status', on);
  });
}

const enc = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('SerialScanner over a real pty', () => {
  for (const [suffix, term] of [
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`delivers every code written in random chunks, and counts garbage (${suffix})`, async () => {
      const sample = fc.sample(
        fc.tuple(
          fc.array(fc.stringMatching(/^[0-9A-Z]{6,20}$/), { minLength: 20, maxLength: 40 }),
          fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 5, maxLength: 30 }),
        ),
        { numRuns: 1, seed: 42 + term.length },
      )[0]!;
      const [list, cuts] = sample;
      const p = await pair();
      const { s, got } = await scanner(p.device, { suffix });
      const peer = await openPeer(p.peer);
      // Garbage between codes: a frame with control bytes and an empty frame; neither may reach the till.
      const stream = Uint8Array.from(
        list.flatMap((c, i) => [
          ...(i % 7 === 3 ? [0x00, 0x1b, 0xff, ...enc(term), ...enc(term)] : []),
          ...enc(c + term),
        ]),
      );
      let at = 0;
      let i = 0;
      while (at < stream.length) {
        const n = cuts[i++ % cuts.length] ?? 1;
        await write(peer, stream.subarray(at, at + n));
        at += n;
      }
      await until(s, () => got.length >= list.length, 'all codes');
      expect(got).toEqual(list);
      const garbageFrames = list.filter((_, k) => k % 7 === 3).length;
      expect(s.stats().dropped['non-printable']).toBe(garbageFrames);
      expect(s.stats().dropped.empty).toBe(garbageFrames);
      expect(s.stats().codes).toBe(list.length);
    });
  }

  it('ends codes by an idle timeout when the scanner sends no suffix', async () => {
    const p = await pair();
    // The idle gap must stay far above the pause a loaded machine can put between two chunks of one code.
    const { s, got } = await scanner(p.device, { suffix: 'none', idleMs: 1000 });
    const peer = await openPeer(p.peer);
    const list = ['6111234567890', '3760091720011', 'LOT-2026-0042'];
    for (const code of list) {
      const before = got.length;
      const b = Uint8Array.from(enc(code));
      await write(peer, b.subarray(0, 5));
      await write(peer, b.subarray(5));
      await until(s, () => got.length > before, `code ${code}`);
    }
    expect(got).toEqual(list);
  });

  it('reconnects when the device goes away and comes back under the same path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souk-scanner-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const links = { device: join(dir, 'scanner'), peer: join(dir, 'host') };
    const first = await pair(links);
    const { s, got } = await scanner(links.device, { suffix: 'CR' });
    let peer = await openPeer(links.peer);
    await write(peer, Uint8Array.from(enc('1111111111116\r22')));
    await until(s, () => got.length === 1, 'first code');

    const lost = statusReached(s, 'disconnected');
    await new Promise<void>((resolve) => peer.close(() => resolve()));
    await first.stop();
    await lost;
    // The half-sent code ("22") must not be glued to what comes after the reconnection.
    expect(s.stats().dropped.incomplete).toBe(1);

    const back = statusReached(s, 'open');
    await pair(links);
    await back;
    peer = await openPeer(links.peer);
    await write(peer, Uint8Array.from(enc('3333333333331\r')));
    await until(s, () => got.length === 2, 'code after reconnection');
    expect(got).toEqual(['1111111111116', '3333333333331']);
    expect(s.stats().reconnects).toBeGreaterThanOrEqual(1);
    expect(s.currentStatus).toBe('open');
  });

  it('retries while the path does not exist yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'souk-scanner-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const links = { device: join(dir, 'scanner'), peer: join(dir, 'host') };
    const s = new SerialScanner({ path: links.device, reconnectMs: 50 });
    cleanups.push(() => s.stop());
    const got: string[] = [];
    s.on('code', (c) => got.push(c));
    const failed = statusReached(s, 'disconnected');
    const opened = statusReached(s, 'open');
    void s.start();
    await failed;
    await pair(links);
    await opened;
    const peer = await openPeer(links.peer);
    await write(peer, Uint8Array.from(enc('6111234567890\r')));
    await until(s, () => got.length === 1, 'code');
    expect(got).toEqual(['6111234567890']);
  });
});
