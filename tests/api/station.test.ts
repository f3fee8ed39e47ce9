import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../db/migrations';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';

let station: Station;
let ids: ReturnType<typeof makeFixture>['products'];
let users: ReturnType<typeof makeFixture>['users'];

async function call(method: string, input: unknown, token?: string | null, raw?: string) {
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(input),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      ok: boolean;
      result?: any;
      error?: { code: string; message: string; details: any };
    },
  };
}

async function login(userId: number, pin: string): Promise<string> {
  const r = await call('auth.login', { userId, pin });
  expect(r.body.ok).toBe(true);
  return r.body.result.token as string;
}

beforeAll(async () => {
  const f = makeFixture();
  ids = f.products;
  users = f.users;
  f.db.close();
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
});
afterAll(async () => {
  await station.close();
});

describe('station server', () => {
  it('answers system.info without a token, bound to loopback', async () => {
    const r = await call('system.info', {});
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ app: 'souk-pos', tillId: 'T1', schemaVersion: SCHEMA_VERSION });
    expect(station.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('requires a token, refuses wrong PINs and locks after five', async () => {
    expect((await call('cash.current', {})).body.error?.code).toBe('UNAUTHENTICATED');
    expect((await call('cash.current', {}, 'forged-token')).status).toBe(401);
    for (let i = 0; i < 5; i++) {
      const r = await call('auth.login', { userId: users.admin.id, pin: '0000' });
      expect(r.body.error?.code).toBe('BAD_PIN');
    }
    const locked = await call('auth.login', { userId: users.admin.id, pin: '9999' });
    expect(locked.body.error?.code).toBe('LOCKED_OUT');
  });

  it('sells through HTTP with the cashier token and replays idempotently', async () => {
    const token = await login(users.cashier.id, '1357');
    const scan = await call('products.scan', { code: '6111234567895\r\n' }, token);
    expect(scan.body.result.product.id).toBe(ids.oil.id);
    const cart = {
      clientId: 'http-sale-000001',
      lines: [{ productId: ids.oil.id, quantity: 1000 }],
      payments: [{ method: 'cash', amount: 12000, tendered: 20000 }],
    };
    const a = await call('sales.checkout', cart, token);
    expect(a.body.result).toMatchObject({ total: 12000, change: 8000, replayed: false });
    const b = await call('sales.checkout', cart, token);
    expect(b.body.result).toMatchObject({ id: a.body.result.id, replayed: true });
  });

  it('maps bad input to clear typed errors and changes nothing', async () => {
    const token = await login(users.cashier.id, '1357');
    const float = await call(
      'sales.checkout',
      { clientId: 'http-sale-bad-01', lines: [{ productId: ids.oil.id, quantity: 1.5 }], payments: [] },
      token,
    );
    expect(float.status).toBe(400);
    expect(float.body.error?.code).toBe('VALIDATION');
    expect(float.body.error?.message).toContain('lines.0.quantity');
    const unknownField = await call('cash.current', { sneaky: 1 }, token);
    expect(unknownField.body.error?.code).toBe('VALIDATION');
    const badJson = await call('cash.current', null, token, '{"oops"');
    expect(badJson.body.error?.code).toBe('VALIDATION');
    const unknown = await call('no.such', {}, token);
    expect(unknown.status).toBe(404);
    const oos = await call(
      'sales.checkout',
      {
        clientId: 'http-sale-oos-01',
        lines: [{ productId: ids.amlou.id, quantity: 999_000 }],
        payments: [{ method: 'card', amount: 1 }],
      },
      token,
    );
    expect(oos.body.error?.code).toBe('OUT_OF_STOCK');
    expect(oos.body.error?.details).toMatchObject({
      productId: ids.amlou.id,
      cooperativeName: 'Coopérative Tighanimine',
    });
    const garbage = await call('products.scan', { code: 'hello' }, token);
    expect(garbage.body.error?.code).toBe('INVALID_BARCODE');
    const notJson = await fetch(`${station.url}/api/system.info`, { method: 'POST', body: '{}' });
    expect(notJson.status).toBe(415);
  });

  it('enforces roles, and lets a manager PIN approve one cashier action', async () => {
    const token = await login(users.cashier.id, '1357');
    const forbidden = await call(
      'stock.adjust',
      { productId: ids.oil.id, cooperativeId: 1, quantity: -1000, reason: 'damaged' },
      token,
    );
    expect(forbidden.body.error?.code).toBe('FORBIDDEN');
    const sale = await call(
      'sales.checkout',
      {
        clientId: 'http-sale-void-01',
        lines: [{ productId: ids.oil.id, quantity: 1000 }],
        payments: [{ method: 'card', amount: 12000 }],
      },
      token,
    );
    const noApproval = await call('sales.void', { saleId: sale.body.result.id, reason: 'erreur' }, token);
    expect(noApproval.body.error?.code).toBe('APPROVAL_REQUIRED');
    const badApproval = await call(
      'sales.void',
      {
        saleId: sale.body.result.id,
        reason: 'erreur',
        approval: { managerId: users.manager.id, pin: '1111' },
      },
      token,
    );
    expect(badApproval.body.error?.code).toBe('BAD_PIN');
    const cashierApproval = await call(
      'sales.void',
      {
        saleId: sale.body.result.id,
        reason: 'erreur',
        approval: { managerId: users.cashier.id, pin: '1357' },
      },
      token,
    );
    expect(cashierApproval.body.error?.code).toBe('FORBIDDEN');
    const ok = await call(
      'sales.void',
      {
        saleId: sale.body.result.id,
        reason: 'erreur',
        approval: { managerId: users.manager.id, pin: '2468' },
      },
      token,
    );
    expect(ok.body.result.voided).toBe(true);
  });

  it('serves every read method with output that matches its contract', async () => {
    const manager = await login(users.manager.id, '2468');
    for (const [method, input] of [
      ['settings.get', {}],
      ['cooperatives.list', {}],
      ['products.search', { query: 'huile argan' }],
      ['products.get', { id: ids.honeyKg.id }],
      ['stock.onHand', {}],
      ['cash.xReport', {}],
      ['settlements.draft', { cooperativeId: 1, periodEnd: Date.now() }],
      ['customers.list', {}],
    ] as const) {
      const r = await call(method, input, manager);
      expect(r.body.ok, `${method}: ${JSON.stringify(r.body.error)}`).toBe(true);
    }
  });
});
