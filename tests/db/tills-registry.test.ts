import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodePairingCode, normalizeSecret, pairingSecretOf } from '../../core/pairing-code';
import {
  cashMovement,
  cashReport,
  closeSession,
  currentSession,
  listSessions,
  openSession,
} from '../../db/services/cash';
import { checkout } from '../../db/services/checkout';
import { createReturn } from '../../db/services/returns';
import { shopZ } from '../../db/services/shop-z';
import {
  createTill,
  listTillDevices,
  newPairingCode,
  pairTill,
  PAIRING_CODE_MS,
  renameTill,
  revokeTill,
  tillByToken,
} from '../../db/services/tills';
import type { Actor } from '../../db/store';
import { code, digest, expectGaplessNumbers } from './db-helpers';
import { makeFixture, uid, type Fixture } from './fixture';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(
  ':',
);
const station = { addresses: ['192.168.1.10:8787'], fingerprint: FP };

describe('tills registry and pairing', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  it('a manager adds a till and gets a short code and a full code carrying the address and fingerprint', () => {
    const { till, pairing } = createTill(f.store, f.asManager, { id: 't2', name: 'Caisse 2' }, station);
    expect(till).toMatchObject({ id: 'T2', name: 'Caisse 2', kind: 'till', status: 'unpaired' });
    expect(pairing.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(pairing.expiresAt).toBe(f.now() + PAIRING_CODE_MS);
    const full = decodePairingCode(pairing.fullCode!);
    expect(full).toEqual({
      addresses: ['192.168.1.10:8787'],
      fingerprint: FP,
      secret: normalizeSecret(pairing.code),
    });
    // Only a hash of the secret is kept.
    const stored = f.db.prepare('SELECT secret_hash FROM till_pairing_codes').pluck().get() as string;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(
      f.db
        .prepare('SELECT COUNT(*) FROM till_pairing_codes WHERE secret_hash LIKE ?')
        .pluck()
        .get(`%${normalizeSecret(pairing.code)}%`),
    ).toBe(0);
  });

  it('pairs once with either form of the code (typed in lower case with I/O for 1/0 too); a reused code is refused', () => {
    const { pairing } = createTill(f.store, f.asManager, { id: 'T2', name: 'Caisse 2' }, station);
    const typed = pairing.code.toLowerCase().replace(/1/g, 'i').replace(/0/g, 'o');
    expect(pairingSecretOf(typed)).toBe(normalizeSecret(pairing.code));
    const paired = pairTill(f.store, typed);
    expect(paired).toMatchObject({ tillId: 'T2', tillName: 'Caisse 2', kind: 'till' });
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tillByToken(f.store, paired.token)).toEqual({
      id: 'T2',
      name: 'Caisse 2',
      kind: 'till',
      revoked: false,
    });
    // The token is kept hashed.
    expect(f.db.prepare('SELECT token_hash FROM tills WHERE id = ?').pluck().get('T2')).not.toContain(
      paired.token,
    );
    const before = digest(f.db);
    expect(code(() => pairTill(f.store, pairing.code))).toBe('PAIRING_CODE_INVALID');
    expect(code(() => pairTill(f.store, pairing.fullCode!))).toBe('PAIRING_CODE_INVALID');
    expect(digest(f.db)).toBe(before);
    expect(listTillDevices(f.store).find((t) => t.id === 'T2')).toMatchObject({
      status: 'paired',
      codeExpiresAt: null,
    });
  });

  it('a wrong, malformed or expired code is refused and pairs nothing', () => {
    const { pairing } = createTill(f.store, f.asManager, { id: 'T2', name: 'Caisse 2' }, station);
    expect(code(() => pairTill(f.store, 'ABCDE-FGHJK'))).toBe('PAIRING_CODE_INVALID');
    expect(code(() => pairTill(f.store, 'not a code'))).toBe('PAIRING_CODE_INVALID');
    expect(code(() => pairTill(f.store, 'souk-pair:UUUU'))).toBe('PAIRING_CODE_INVALID');
    f.tick(PAIRING_CODE_MS);
    expect(code(() => pairTill(f.store, pairing.code))).toBe('PAIRING_CODE_EXPIRED');
    expect(code(() => pairTill(f.store, pairing.code))).toBe('PAIRING_CODE_EXPIRED');
    expect(listTillDevices(f.store).find((t) => t.id === 'T2')).toMatchObject({ status: 'unpaired' });
  });

  it('a new code replaces the earlier one; a re-pair locks the old device out', () => {
    const first = createTill(f.store, f.asManager, { id: 'T2', name: 'Caisse 2' }, station).pairing;
    const old = pairTill(f.store, first.code).token;
    const second = newPairingCode(f.store, f.asManager, 'T2', station);
    const third = newPairingCode(f.store, f.asManager, 'T2', station);
    expect(code(() => pairTill(f.store, second.code))).toBe('PAIRING_CODE_INVALID');
    const fresh = pairTill(f.store, third.code).token;
    expect(tillByToken(f.store, old)).toBeNull();
    expect(tillByToken(f.store, fresh)?.id).toBe('T2');
  });

  it('revoke marks the token revoked and drops the live code; rename; the station till is neither paired nor revoked', () => {
    const { pairing } = createTill(f.store, f.asManager, { id: 'T2', name: 'Caisse 2' }, station);
    const token = pairTill(f.store, pairing.code).token;
    const spare = newPairingCode(f.store, f.asManager, 'T2', station);
    expect(revokeTill(f.store, f.asManager, 'T2')).toMatchObject({ status: 'revoked', codeExpiresAt: null });
    expect(tillByToken(f.store, token)).toMatchObject({ id: 'T2', revoked: true });
    expect(code(() => pairTill(f.store, spare.code))).toBe('PAIRING_CODE_INVALID');
    expect(renameTill(f.store, f.asManager, 'T2', '  Caisse terrasse ')).toMatchObject({
      name: 'Caisse terrasse',
    });
    expect(code(() => revokeTill(f.store, f.asManager, 'T1'))).toBe('CONFLICT');
    expect(code(() => newPairingCode(f.store, f.asManager, 'T1', station))).toBe('CONFLICT');
    expect(code(() => createTill(f.store, f.asManager, { id: 'T2', name: 'again' }, station))).toBe(
      'CONFLICT',
    );
    expect(code(() => createTill(f.store, f.asManager, { id: '2 tills', name: 'x' }, station))).toBe(
      'VALIDATION',
    );
    expect(code(() => revokeTill(f.store, f.asManager, 'T9'))).toBe('NOT_FOUND');
    expect(listTillDevices(f.store).map((t) => [t.id, t.status])).toEqual([
      ['T1', 'station'],
      ['T2', 'revoked'],
    ]);
    // Every registry change is journalled.
    const kinds = f.db
      .prepare("SELECT kind FROM journal WHERE kind LIKE 'till.%' ORDER BY seq")
      .pluck()
      .all();
    expect(kinds).toEqual(['till.create', 'till.pair', 'till.newCode', 'till.revoke', 'till.rename']);
  });

  it('without TLS (loopback-only station) the code has no full form', () => {
    const { pairing } = createTill(
      f.store,
      f.asManager,
      { id: 'T2', name: 'Caisse 2' },
      { addresses: [], fingerprint: null },
    );
    expect(pairing.fullCode).toBeNull();
  });
});

describe('per-till identity', () => {
  let f: Fixture;
  let onT2: Actor;
  let managerOnT2: Actor;
  beforeEach(() => {
    f = makeFixture();
    createTill(f.store, f.asManager, { id: 'T2', name: 'Caisse 2' }, station);
    createTill(f.store, f.asManager, { id: 'BO', name: 'Tablette', kind: 'backoffice' }, station);
    onT2 = { ...f.asCashier, tillId: 'T2' };
    managerOnT2 = { ...f.asManager, tillId: 'T2' };
  });
  afterEach(() => f.close());

  const sell = (actor: Actor, cash: number) =>
    checkout(f.store, actor, {
      clientId: uid(),
      lines: [{ productId: f.products.oil.id, quantity: 1_000 }],
      payments: [{ method: 'cash', amount: 12_000, tendered: cash }],
    });

  it("sessions, receipt and return series, cash moves and Z are the caller till's", () => {
    // The fixture opened T1's session; T2 has none yet.
    expect(code(() => sell(onT2, 12_000))).toBe('NO_CASH_SESSION');
    expect(currentSession(f.store, 'T2')).toBeNull();
    const s2 = openSession(f.store, onT2, { openingFloat: 20_000 });
    expect(s2.tillId).toBe('T2');
    // The same cashier on both tills: each till numbers its own receipts from 1.
    const a1 = sell(f.asCashier, 12_000);
    const b1 = sell(onT2, 12_000);
    const b2 = sell(onT2, 20_000);
    const a2 = sell(f.asCashier, 12_000);
    expect([a1, a2].map((s) => [s.tillId, s.receiptNo])).toEqual([
      ['T1', 1],
      ['T1', 2],
    ]);
    expect([b1, b2].map((s) => [s.tillId, s.receiptNo, s.sessionId])).toEqual([
      ['T2', 1, s2.id],
      ['T2', 2, s2.id],
    ]);
    const r = createReturn(f.store, managerOnT2, {
      clientId: uid('r'),
      saleId: a1.id,
      lines: [{ saleLineId: a1.lines[0]!.id, quantity: 1_000, restock: true }],
      reason: 'cassé',
      refundMethod: 'cash',
    });
    expect([r.tillId, r.returnNo]).toEqual(['T2', 1]);
    cashMovement(f.store, managerOnT2, { kind: 'out', amount: 5_000, reason: 'banque' });
    const x2 = cashReport(f.store, undefined, 'T2');
    expect(x2).toMatchObject({
      tillId: 'T2',
      salesCount: 2,
      salesTotal: 24_000,
      refundTotal: 12_000,
      cashOut: 5_000,
    });
    expect(x2.expectedCash).toBe(20_000 + 24_000 - 12_000 - 5_000);
    expect(cashReport(f.store)).toMatchObject({ tillId: 'T1', salesCount: 2, refundCount: 0, cashOut: 0 });
    const z2 = closeSession(f.store, managerOnT2, { counts: { '20000': 1, '5000': 1, '100': 20 } });
    expect(z2).toMatchObject({ tillId: 'T2', countedCash: 27_000, variance: 0 });
    expect(currentSession(f.store, 'T2')).toBeNull();
    expect(currentSession(f.store)).not.toBeNull();
    // The sealed Z names its till.
    expect(f.db.prepare('SELECT till_id FROM cash_sessions WHERE id = ?').pluck().get(z2.sessionId)).toBe(
      'T2',
    );
    expectGaplessNumbers(f.db);
  });

  it('a back-office device has no till: cash and sales refuse it with NOT_A_TILL', () => {
    const tablet: Actor = { ...f.asManager, tillId: null };
    const before = digest(f.db);
    expect(code(() => openSession(f.store, tablet, { openingFloat: 0 }))).toBe('NOT_A_TILL');
    expect(code(() => sell(tablet, 12_000))).toBe('NOT_A_TILL');
    expect(code(() => cashMovement(f.store, tablet, { kind: 'in', amount: 100, reason: 'x' }))).toBe(
      'NOT_A_TILL',
    );
    expect(code(() => closeSession(f.store, tablet, { counts: {} }))).toBe('NOT_A_TILL');
    expect(digest(f.db)).toBe(before);
  });

  it('the manager lists sessions across tills with their names, or one till', () => {
    openSession(f.store, onT2, { openingFloat: 0 });
    expect(listSessions(f.store).map((s) => [s.tillId, s.tillName])).toEqual([
      ['T2', 'Caisse 2'],
      ['T1', 'Caisse 1'],
    ]);
    expect(listSessions(f.store, { tillId: 'T1' }).map((s) => s.tillId)).toEqual(['T1']);
  });

  it("the shop Z of a day sums each till's closed sessions of that shop day, with each drawer's variance", () => {
    // 2 November 2026, Casablanca is UTC+1 (the fixture's clock is 09:00 UTC).
    openSession(f.store, onT2, { openingFloat: 10_000 });
    sell(f.asCashier, 12_000); // T1 cash 12,000
    checkout(f.store, onT2, {
      clientId: uid(),
      lines: [{ productId: f.products.honeyKg.id, quantity: 500 }],
      payments: [
        { method: 'card', amount: 5_000, reference: 'CB' },
        { method: 'cash', amount: 7_500, tendered: 10_000 },
      ],
    });
    sell(onT2, 12_000);
    f.tick(8 * 3600_000);
    // T1 counts 100 MAD short; T2 counts exactly.
    const z1 = closeSession(f.store, f.asManager, { counts: { '20000': 2, '10000': 1, '2000': 1 } });
    const z2 = closeSession(f.store, managerOnT2, { counts: { '20000': 1, '5000': 1, '2000': 2, '500': 1 } });
    expect(z1.variance).toBe(52_000 - 62_000);
    expect(z2.variance).toBe(0);
    // A session of the next shop day: 23:30 UTC is 00:30 on 3 November in Casablanca.
    f.setClock(Date.UTC(2026, 10, 2, 22, 0));
    openSession(f.store, f.asCashier, { openingFloat: 1_000 });
    sell(f.asCashier, 12_000);
    f.setClock(Date.UTC(2026, 10, 2, 23, 30));
    closeSession(f.store, f.asManager, { counts: { '10000': 1, '2000': 1, '1000': 1 } });

    const day = shopZ(f.store, '2026-11-02');
    expect(day.tills.map((t) => [t.tillId, t.tillName, t.sessions, t.salesTotal, t.variance])).toEqual([
      ['T1', 'Caisse 1', 1, 12_000, -10_000],
      ['T2', 'Caisse 2', 1, 24_500, 0],
    ]);
    expect(day.shop).toMatchObject({
      sessions: 2,
      salesCount: 3,
      salesTotal: 36_500,
      byMethod: { cash: 12_000 + 7_500 + 12_000, card: 5_000, mobile: 0, voucher: 0 },
      expectedCash: z1.expectedCash + z2.expectedCash,
      countedCash: 52_000 + 29_500,
      variance: -10_000,
    });
    expect(day.shop.vatByCode).toEqual([
      { vatCode: 'EX', amount: 12_500 },
      { vatCode: 'S20', amount: 24_000 },
    ]);
    const next = shopZ(f.store, '2026-11-03');
    expect(next.tills.map((t) => [t.tillId, t.salesTotal])).toEqual([['T1', 12_000]]);
    expect(code(() => shopZ(f.store, '2026-13-45'))).toBe('VALIDATION');
  });
});
