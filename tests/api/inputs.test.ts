import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import { openDatabase } from '../../db/open';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';

let station: Station;
let f: ReturnType<typeof makeFixture>;
let admin: string;
let manager: string;
let cashier: string;

interface Answer {
  status: number;
  body: { ok: boolean; result?: any; error?: { code: string; message: string; details: any } };
}

async function call(method: string, input: unknown, token?: string): Promise<Answer> {
  const res = await fetch(`${station.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function login(userId: number, pin: string): Promise<string> {
  const r = await call('auth.login', { userId, pin });
  expect(r.body.ok, JSON.stringify(r.body.error)).toBe(true);
  return r.body.result.token as string;
}

const ok = (r: Answer) => {
  expect(r.body.error, `${r.status} ${JSON.stringify(r.body.error)}`).toBeUndefined();
  return r.body.result;
};

beforeAll(async () => {
  f = makeFixture();
  f.db.close();
  station = await startStation({ dbFile: f.file, port: 0, staticDir: null, validateOutput: true });
  admin = await login(f.users.admin.id, '9999');
  manager = await login(f.users.manager.id, '2468');
  cashier = await login(f.users.cashier.id, '1357');
});
afterAll(async () => {
  await station.close();
});

describe('optional fields may be omitted', () => {
  it('cooperatives.create with only the required fields; the rest read back as null, false or empty', async () => {
    const coop = ok(
      await call(
        'cooperatives.create',
        { nameFr: 'Coopérative Aït Baha', region: 'Souss-Massa', commissionBp: 2000 },
        manager,
      ),
    );
    expect(coop).toMatchObject({
      nameFr: 'Coopérative Aït Baha',
      nameAr: '',
      registrationNo: null,
      ice: null,
      womens: false,
      contactName: null,
      phone: null,
      email: null,
      bankName: null,
      bankAccount: null,
      commissionBp: 2000,
      active: true,
    });
    // Required fields are still required, with a message naming the field.
    const missing = await call('cooperatives.create', { nameFr: 'X', commissionBp: 2000 }, manager);
    expect(missing.body.error?.code).toBe('VALIDATION');
    expect(missing.body.error?.message).toContain('region');
  });

  it('cooperatives.update with one field changes that field only (an omitted field is not reset to null)', async () => {
    const before = ok(await call('cooperatives.get', { id: f.coops.argan.id }, manager));
    expect(before.phone).not.toBeNull();
    const after = ok(
      await call('cooperatives.update', { id: f.coops.argan.id, contactName: 'Khadija' }, manager),
    );
    expect(after).toEqual({ ...before, contactName: 'Khadija' });
    // null still clears a field on purpose.
    const cleared = ok(await call('cooperatives.update', { id: f.coops.argan.id, email: null }, manager));
    expect(cleared.email).toBeNull();
  });

  it('products.create with only the required fields', async () => {
    const product = ok(
      await call(
        'products.create',
        {
          sku: 'SAV-100',
          nameFr: 'Savon beldi 100 g',
          cooperativeId: f.coops.argan.id,
          unit: 'piece',
          vatCode: 'S20',
          retailPrice: 2500,
          semiPrice: 2500,
          wholesalePrice: 2500,
        },
        manager,
      ),
    );
    expect(product).toMatchObject({
      sku: 'SAV-100',
      nameAr: '',
      semiMinQty: null,
      wholesaleMinQty: null,
      qualityLabels: [],
      scaleRef: null,
      terms: null,
      barcodes: [],
      active: true,
    });
    // One price for everyone moves as one (a lower tier price would need its threshold).
    const prices = { retailPrice: 2600, semiPrice: 2600, wholesalePrice: 2600 };
    const updated = ok(await call('products.update', { id: product.id, ...prices }, manager));
    expect(updated).toEqual({ ...product, ...prices });
  });

  it('customers.create and users.create with only the required fields', async () => {
    const customer = ok(await call('customers.create', { name: 'Riad Dar Salam', tier: 'semi' }, manager));
    expect(customer).toMatchObject({
      name: 'Riad Dar Salam',
      phone: null,
      ice: null,
      tier: 'semi',
      active: true,
    });
    const user = ok(await call('users.create', { name: 'Hind', role: 'cashier', pin: '4321' }, admin));
    expect(user).toMatchObject({ name: 'Hind', role: 'cashier', language: 'fr', active: true });
  });
});

describe('money rules over HTTP', () => {
  it('a reused sale id with another cart is a typed conflict naming the receipt; the same cart replays', async () => {
    const cart = {
      clientId: 'inputs-sale-0001',
      lines: [{ productId: f.products.oil.id, quantity: 1000 }],
      payments: [{ method: 'card', amount: 12_000 }],
    };
    const first = ok(await call('sales.checkout', cart, cashier));
    expect(ok(await call('sales.checkout', cart, cashier))).toMatchObject({ id: first.id, replayed: true });
    const other = await call(
      'sales.checkout',
      {
        ...cart,
        lines: [{ productId: f.products.oil.id, quantity: 2000 }],
        payments: [{ method: 'card', amount: 24_000 }],
      },
      cashier,
    );
    expect(other.body.error).toMatchObject({
      code: 'CLIENT_ID_REUSED',
      details: { clientId: cart.clientId, saleId: first.id, receiptNo: first.receiptNo, tillId: 'T1' },
    });
    expect(other.status).not.toBe(500);
  });

  it('a zero-price label needs a manager approval at the till; with it the sale goes through', async () => {
    const rule = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'price');
    if (!rule) throw new Error('no price rule');
    const cart = {
      clientId: 'inputs-label-0001',
      lines: [{ productId: f.products.honeyKg.id, quantity: 1, barcode: makeEmbeddedCode(rule, '00042', 0) }],
      payments: [],
    };
    // The till learns it at the scan, so it can ask for the PIN there rather than at payment.
    const scan = ok(await call('products.scan', { code: cart.lines[0]!.barcode }, cashier));
    expect(scan).toMatchObject({ kind: 'price', labelAmount: 0, needsApproval: true });
    const fair = ok(await call('products.scan', { code: makeEmbeddedCode(rule, '00042', 4560) }, cashier));
    expect(fair).toMatchObject({ kind: 'price', labelAmount: 4560, needsApproval: false });
    const gtin = ok(await call('products.scan', { code: '6111234567895' }, cashier));
    expect(gtin.needsApproval).toBe(false);
    const refused = await call('sales.checkout', cart, cashier);
    expect(refused.body.error).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: { reason: 'LABEL_BELOW_FLOOR' },
    });
    expect(refused.status).toBe(403);
    const sold = ok(
      await call(
        'sales.checkout',
        { ...cart, approval: { managerId: f.users.manager.id, pin: '2468' } },
        cashier,
      ),
    );
    expect(sold).toMatchObject({ total: 0, replayed: false });
  });
});

describe('a settlement that would pay nothing, over HTTP', () => {
  it('is refused as a statement (422) and issued only when asked as a debit note', async () => {
    const sale = ok(
      await call(
        'sales.checkout',
        {
          clientId: 'inputs-settle-0001',
          lines: [{ productId: f.products.amlou.id, quantity: 1000 }],
          payments: [{ method: 'card', amount: 6550 }],
        },
        cashier,
      ),
    );
    const coop = f.coops.argan.id;
    const pause = () => new Promise((r) => setTimeout(r, 5));
    await pause();
    const first = ok(
      await call('settlements.issue', { cooperativeId: coop, periodEnd: Date.now() }, manager),
    );
    expect(first.kind).toBe('statement');
    await pause();
    ok(
      await call(
        'returns.create',
        {
          clientId: 'inputs-return-0001',
          saleId: sale.id,
          lines: [{ saleLineId: sale.lines[0].id, quantity: 1000, restock: true }],
          reason: 'pot ouvert',
          refundMethod: 'card',
        },
        manager,
      ),
    );
    await pause();
    const periodEnd = Date.now();
    const draft = ok(await call('settlements.draft', { cooperativeId: coop, periodEnd }, manager));
    expect(draft).toMatchObject({ kind: 'debit_note', returnLineCount: 1 });
    expect(draft.totals.payout).toBeLessThan(0);
    const refused = await call('settlements.issue', { cooperativeId: coop, periodEnd }, manager);
    expect(refused.body.error).toMatchObject({
      code: 'SETTLEMENT_NOT_POSITIVE',
      details: { cooperativeId: coop },
    });
    expect(refused.status).toBe(422);
    const note = ok(
      await call('settlements.issue', { cooperativeId: coop, periodEnd, debitNote: true }, manager),
    );
    expect(note).toMatchObject({
      kind: 'debit_note',
      number: expect.stringMatching(/^ND-/),
      totals: draft.totals,
    });
    const listed = ok(await call('settlements.list', { cooperativeId: coop }, manager));
    expect(listed.map((x: { kind: string }) => x.kind)).toEqual(['debit_note', 'statement']);
  });
});

describe('system.backup onto a bad place', () => {
  const backup = (path: string) => call('system.backup', { path }, admin);

  it('writes a backup that opens, and may replace an earlier backup', async () => {
    const target = join(f.dir, 'backup-ok.db');
    const first = ok(await backup(target));
    expect(first).toMatchObject({ file: target });
    expect(first.pages).toBeGreaterThan(0);
    ok(await backup(target));
    const copy = openDatabase(target, { readonly: true, migrate: false });
    try {
      expect((copy.prepare('SELECT COUNT(*) n FROM users').get() as { n: number }).n).toBeGreaterThanOrEqual(
        3,
      );
    } finally {
      copy.close();
    }
  });

  it('refuses an existing file that is not a database and leaves it as it was', async () => {
    const target = join(f.dir, 'notes.txt');
    writeFileSync(target, 'inventaire du 2 novembre\n');
    const r = await backup(target);
    expect(r.body.error).toMatchObject({ code: 'BACKUP_TARGET_EXISTS', details: { file: target } });
    expect(readFileSync(target, 'utf8')).toBe('inventaire du 2 novembre\n');
  });

  it.each([
    ['a missing folder', () => join(f.dir, 'no-such-usb', 'b.db'), 'folder_missing'],
    [
      'a folder path',
      () => {
        mkdirSync(join(f.dir, 'a-folder'), { recursive: true });
        return join(f.dir, 'a-folder');
      },
      'is_a_folder',
    ],
    ['a file used as a folder', () => join(f.dir, 'notes.txt', 'b.db'), 'not_a_folder'],
    ['the live database itself', () => f.file, 'live_database'],
    // Root may write anywhere a mode allows; sysfs refuses new files even to root.
    ['an unwritable place', () => '/sys/souk-backup.db', 'write_failed'],
  ])('refuses %s with BACKUP_FAILED naming the reason', async (_what, path, reason) => {
    writeFileSync(join(f.dir, 'notes.txt'), 'x');
    const r = await backup(path());
    expect(r.body.error, JSON.stringify(r.body.error)).toMatchObject({
      code: 'BACKUP_FAILED',
      details: { reason },
    });
  });
});
