import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerFingerprint, pinnedCall, pinnedFetch, PinnedAgent } from '../../server/pinned-fetch';
import type { Station } from '../../server/station';
import { stationTls } from '../../server/tls';
import { LAN_IP, lanShop } from './tills-helpers';

/**
 * A server that is not the station (its own certificate) and records every byte a client manages to
 * send it after the handshake: where a till's pairing secret or token would leak to an impostor.
 */
async function impostor() {
  const tls = await stationTls(join(mkdtempSync(join(tmpdir(), 'souk-impostor-')), 'other.db'));
  const received: Buffer[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (socket: TLSSocket) => {
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fingerprint: tls.fingerprint,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!LAN_IP)('TLS on the LAN, pinned by fingerprint', () => {
  let station: Station;
  let fake: Awaited<ReturnType<typeof impostor>>;
  beforeAll(async () => {
    ({ station } = await lanShop({ withStock: false }));
    fake = await impostor();
  });
  afterAll(async () => {
    await station.close();
    await fake.close();
  });

  it('a client pinning the station fingerprint talks to it; the fingerprint is what the station presents', async () => {
    const fp = station.tls?.fingerprint ?? '';
    const url = new URL(station.lanUrl ?? '');
    expect(await peerFingerprint(url.hostname, Number(url.port))).toBe(fp);
    const r = await pinnedCall(station.lanUrl ?? '', fp, 'tills.pair', { code: 'ABCDE-FGHJK' });
    expect(r.body.error?.code).toBe('PAIRING_CODE_INVALID');
    // Either spelling of the fingerprint pins the same certificate.
    const lower = fp.replace(/:/g, '').toLowerCase();
    expect((await pinnedFetch(`${station.lanUrl}/health`, lower)).status).toBe(200);
  });

  it('a wrong fingerprint is refused before a byte of the request is sent', async () => {
    // The station's own port with someone else's pin.
    await expect(
      pinnedCall(station.lanUrl ?? '', fake.fingerprint, 'tills.pair', { code: 'SECRET-CODE' }),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_PAIRED' });
    // An impostor (another self-signed certificate) where the station should be: it never sees the secret.
    const agent = new PinnedAgent(station.tls?.fingerprint ?? '');
    await expect(
      pinnedCall(fake.url, station.tls?.fingerprint ?? '', 'tills.pair', { code: 'K7QM2-XHD9R' }, {}, agent),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_PAIRED', details: { seen: fake.fingerprint } });
    await expect(
      pinnedFetch(`${fake.url}/api/auth.users`, station.tls?.fingerprint ?? '', {
        headers: { 'x-souk-till': 'a-till-token' },
      }),
    ).rejects.toMatchObject({ code: 'DEVICE_NOT_PAIRED' });
    expect(Buffer.concat(fake.received).toString()).toBe('');
    agent.destroy();
  });

  it('refuses a malformed pin outright', () => {
    expect(() => new PinnedAgent('not a fingerprint')).toThrow(/not a SHA-256 certificate fingerprint/);
  });
});
