import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hqTls } from '../../hq/main';
import { stationTls } from '../../server/tls';

/** Which certificate HQ serves with (hq/main.ts states the rule), on real files. */
describe("HQ's certificate", () => {
  const dir = mkdtempSync(join(tmpdir(), 'souk-hq-cert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a given certificate and key, as a real deployment has them', async () => {
    const given = await stationTls(join(dir, 'given'), [], 'hq.example.ma');
    const tls = await hqTls({ host: '0.0.0.0', 'tls-cert': given.certFile, 'tls-key': given.keyFile });
    expect(tls).toMatchObject({ cert: given.cert, key: given.key, fingerprint: given.fingerprint });
    expect(new X509Certificate(tls!.cert).subject).toContain('hq.example.ma');
    await expect(hqTls({ host: '127.0.0.1', 'tls-cert': given.certFile })).rejects.toThrow(/go together/);
  });

  it('makes a self-signed one once in --tls-dir and keeps it (the shops pinned it)', async () => {
    const first = await hqTls({ host: '127.0.0.1', 'tls-dir': join(dir, 'made') });
    const again = await hqTls({ host: '127.0.0.1', 'tls-dir': join(dir, 'made') });
    expect(first!.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(again!.fingerprint).toBe(first!.fingerprint);
    expect(new X509Certificate(first!.cert).subject).toContain('Souk HQ');
  });

  it('plain HTTP only on loopback: bound to another address without one, HQ makes its own', async () => {
    const fallback = join(dir, 'default');
    expect(await hqTls({ host: '127.0.0.1' }, fallback)).toBeNull();
    expect(existsSync(fallback)).toBe(false);
    const lan = await hqTls({ host: '0.0.0.0' }, fallback);
    expect(lan?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(existsSync(join(fallback, 'hq.tls-cert.pem'))).toBe(true);
  });
});
