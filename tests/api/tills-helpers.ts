import { networkInterfaces } from 'node:os';
import { expect } from 'vitest';
import { pinnedCall, PinnedAgent } from '../../server/pinned-fetch';
import { startStation, type Station, type StationOptions } from '../../server/station';
import { makeFixture } from '../db/fixture';

/** An address of this machine that is not loopback: a call to it arrives from a LAN address, as a till's would. */
export const LAN_IP = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

export interface Reply {
  status: number;
  ok: boolean;
  result?: any;
  code?: string;
  message?: string;
}

/** A call from the station's own machine: plain HTTP on loopback, no till token (the station's own till). */
export async function localCall(
  station: Station,
  method: string,
  input: unknown,
  token?: string | null,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as {
    ok: boolean;
    result?: unknown;
    error?: { code: string; message: string };
  };
  return {
    status: res.status,
    ok: body.ok,
    result: body.result,
    code: body.error?.code,
    message: body.error?.message,
  };
}

/** A device on the shop's network: HTTPS to the station's LAN address with its certificate pinned. */
export class LanDevice {
  readonly agent: PinnedAgent;
  tillToken: string | null = null;
  session: string | null = null;

  constructor(
    readonly station: Station,
    readonly fingerprint: string = station.tls?.fingerprint ?? '',
  ) {
    this.agent = new PinnedAgent(fingerprint);
  }

  async call(method: string, input: unknown, extra: Record<string, string> = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...extra };
    if (this.tillToken) headers['x-souk-till'] = this.tillToken;
    if (this.session) headers.authorization = `Bearer ${this.session}`;
    const r = await pinnedCall(
      this.station.lanUrl ?? '',
      this.fingerprint,
      method,
      input,
      headers,
      this.agent,
    );
    return {
      status: r.status,
      ok: r.body.ok,
      result: r.body.result,
      code: r.body.error?.code,
      message: r.body.error?.message,
    };
  }

  async pair(code: string): Promise<Reply> {
    const r = await this.call('tills.pair', { code });
    if (r.ok) this.tillToken = r.result.token as string;
    return r;
  }

  async login(userId: number, pin: string): Promise<void> {
    const r = await this.call('auth.login', { userId, pin });
    expect(r.ok, r.message).toBe(true);
    this.session = r.result.token as string;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A station open to the LAN on a fixture shop (users, two cooperatives, stock; no session open). */
export async function lanShop(options: Partial<StationOptions> & { withStock?: boolean } = {}) {
  const f = makeFixture({ withStock: options.withStock ?? true, openSession: false });
  f.db.close();
  const station = await startStation({
    dbFile: f.file,
    port: 0,
    host: '0.0.0.0',
    staticDir: null,
    validateOutput: true,
    reportWorkers: 0,
    ...(LAN_IP ? { lanAddresses: [LAN_IP] } : {}),
    ...options,
  });
  const managerToken = (await localCall(station, 'auth.login', { userId: f.users.manager.id, pin: '2468' }))
    .result.token as string;
  return { f, station, managerToken };
}
