import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hqTls } from '../../hq/main';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HQ serves plain HTTP on loopback addresses only', () => {
  it('a host name that merely starts with "127." is not loopback: HQ makes a certificate for it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'souk-hq-host-'));
    for (const loopback of ['127.0.0.1', '127.0.0.53', 'localhost', '::1'])
      expect(await hqTls({ host: loopback }, join(dir, loopback)), loopback).toBeNull();
    // A name in some zone (127.shop.example resolves to whatever its DNS says, a public address too).
    for (const host of ['127.shop.example', '127.0.0.1.nip.io']) {
      const tls = await hqTls({ host }, join(dir, host));
      expect(tls?.fingerprint, host).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    }
  });
});
