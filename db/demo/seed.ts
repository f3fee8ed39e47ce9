/**
 * The demo shop: a week of a Rabat fair-trade boutique, written through the same services the till
 * uses, so every invariant (stock ledger, frozen payouts, gapless receipts, hash-chained journal)
 * holds in the demo exactly as in production. Deterministic for a given seed and end time.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { MAD_DENOMINATIONS, tenderSuggestions, type PaymentMethod } from '../../core/cash';
import { fail } from '../../core/errors';
import { lineAmount } from '../../core/money';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import type { PriceTier } from '../../core/pricing';
import { appendJournal } from '../journal';
import { openDatabase } from '../open';
import { cashMovement, cashReport, closeSession, openSession } from '../services/cash';
import { checkout, priceCart, type CheckoutLineInput, type PaymentInput } from '../services/checkout';
import { createCooperative } from '../services/cooperatives';
import { createCustomer } from '../services/customers';
import { insertProduct } from '../services/products';
import { createReturn } from '../services/returns';
import { ensureTill, updateSettings } from '../services/settings';
import { issueSettlement, markSettlementPaid } from '../services/settlements';
import { adjustStock, receiveDelivery, returnToCooperative } from '../services/stock';
import { createUser } from '../services/users';
import { voidSale } from '../services/voids';
import type { Language } from '../../core/languages';
import type { Role } from '../../core/roles';
import { Store, type Actor } from '../store';
import { DEMO_COOPERATIVES } from './catalog';
import { DEMO_ACCOUNT_DETAILS, DEMO_INVOICING, seedPaperwork } from './paperwork';
import { Prng } from './prng';
import { expandCooperative, type DemoProduct } from './products';

export interface DemoUser {
  name: string;
  role: Role;
  pin: string;
  language: Language;
}

/** Documented in db/demo/README.md: a demo is only useful if people can log in. */
export const DEMO_USERS: readonly DemoUser[] = [
  { name: 'Admin', role: 'admin', pin: '0000', language: 'fr' },
  { name: 'Samira Bennani', role: 'manager', pin: '1111', language: 'fr' },
  { name: 'Karim El Idrissi', role: 'manager', pin: '2222', language: 'ar' },
  { name: 'Youssef Amrani', role: 'cashier', pin: '1234', language: 'fr' },
  { name: 'Fatima Zahra Alaoui', role: 'cashier', pin: '5678', language: 'ar' },
  { name: 'Sarah Benjelloun', role: 'cashier', pin: '4321', language: 'en' },
];

export const DEMO_SHOP = {
  name: 'Souk Tadamoun — Boutique équitable',
  address: '24, avenue Mohammed V, Hassan',
  city: 'Rabat',
  phone: '+212 537 70 24 24',
  ice: '002716493000058',
  if: '40298731',
  // The court city is the invoicing settings' rcCourt: "RC 139517 (Rabat)" on an invoice.
  rc: '139517',
  patente: '26190437',
  receiptFooter: 'Merci pour votre achat solidaire / شكرا على شرائكم التضامني',
};

export interface DemoOptions {
  /** Trading days simulated, the last one left open (default 7). */
  days?: number;
  /** PRNG seed (default 2026). */
  seed?: number;
  /** The demo ends at this instant (default now); pin it to compare two runs timestamp for timestamp. */
  endAt?: number;
}

export interface DemoSummary {
  seed: number;
  days: number;
  shop: string;
  tillId: string;
  from: number;
  to: number;
  users: DemoUser[];
  counts: {
    cooperatives: number;
    womensCooperatives: number;
    products: number;
    gtinBarcodes: number;
    internalBarcodes: number;
    scaleProducts: number;
    customers: number;
    deliveries: number;
    sales: number;
    saleLines: number;
    voids: number;
    customerReturns: number;
    cashSessions: number;
    settlements: number;
    journalEntries: number;
  };
  /** Net of voids, before customer returns (centimes). */
  salesTotal: number;
  refundsTotal: number;
  openSessionId: number | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Morocco keeps UTC+1 except during Ramadan; one fixed offset is enough to place shop hours. */
const LOCAL_OFFSET = HOUR;
const OPENING_FLOAT = 50_000;

const PRICE_RULE = DEFAULT_NOMENCLATURE.find((r) => r.kind === 'price');

interface Stocked {
  id: number;
  cooperativeId: number;
  demo: DemoProduct;
}

interface SoldSale {
  id: number;
  lines: { id: number; unit: string; quantity: number }[];
  method: PaymentMethod;
}

/** Day windows: the last one ends now (or at 20:00 local), earlier ones are the same hours on previous days. */
function tradingDays(endAt: number, days: number): { open: number; lastSale: number }[] {
  const localMidnight = Math.floor((endAt + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET;
  let lastOpen = localMidnight + 9 * HOUR + 30 * MINUTE;
  if (endAt < lastOpen + 45 * MINUTE) lastOpen -= DAY;
  const out: { open: number; lastSale: number }[] = [];
  for (let i = 0; i < days; i++) {
    const open = lastOpen - (days - 1 - i) * DAY;
    const close = open + 10 * HOUR + 30 * MINUTE;
    out.push({ open, lastSale: i === days - 1 ? Math.min(close, endAt - 2 * MINUTE) : close });
  }
  return out;
}

function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Notes and coins for an amount, largest first; whatever is below 10 centimes cannot be counted. */
function denominationCount(amount: number): Record<string, number> {
  const counts: Record<string, number> = {};
  let rest = Math.max(0, amount);
  for (const d of MAD_DENOMINATIONS) {
    const n = Math.floor(rest / d);
    if (n > 0) counts[String(d)] = n;
    rest -= n * d;
  }
  return counts;
}

/** Seeds an empty database with the demo shop; refuses a database that already has users or products. */
export function seedDemo(target: Store, options: DemoOptions = {}): DemoSummary {
  const days = Math.max(1, Math.floor(options.days ?? 7));
  const seed = options.seed ?? 2026;
  const endAt = options.endAt ?? Date.now();
  const rng = new Prng(seed);
  const db = target.db;
  const existing = db
    .prepare('SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM products) AS n')
    .get() as { n: number };
  if (existing.n > 0) fail('CONFLICT', 'The demo can only be seeded into an empty database.', {});

  const windows = tradingDays(endAt, days);
  const first = windows[0];
  if (!first) throw new Error('no trading day');
  let clock = first.open - 3 * DAY;
  const store = new Store(db, { tillId: target.tillId, now: () => clock });
  const at = (t: number): void => {
    clock = Math.max(clock + 1000, t);
  };

  // Seeding is one-shot and restartable: commit without fsync, then restore the till's durability.
  const previousSync = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = OFF');
  try {
    ensureTill(store, store.tillId, 'Caisse 1');
    const users = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const actor =
        users.size === 0 ? null : { userId: users.get('Admin') as number, role: 'admin' as const };
      users.set(
        u.name,
        createUser(store, actor, { name: u.name, role: u.role, pin: u.pin, language: u.language }).id,
      );
      at(clock + 2 * MINUTE);
    }
    const id = (name: string): number => users.get(name) as number;
    const admin: Actor = { userId: id('Admin'), role: 'admin' };
    const managers: Actor[] = [
      { userId: id('Samira Bennani'), role: 'manager' },
      { userId: id('Karim El Idrissi'), role: 'manager' },
    ];
    const cashiers = [id('Youssef Amrani'), id('Fatima Zahra Alaoui'), id('Sarah Benjelloun')];

    updateSettings(store, admin, { shop: DEMO_SHOP, invoicing: DEMO_INVOICING });
    at(clock + 10 * MINUTE);

    // Cooperatives and their catalogue.
    const stocked: Stocked[] = [];
    const counters = { scaleRef: 101 };
    const companies = new Set<string>();
    DEMO_COOPERATIVES.forEach((c, i) => {
      const coop = createCooperative(store, admin, {
        nameFr: c.nameFr,
        nameAr: c.nameAr,
        registrationNo: `${rng.int(2006, 2019)}/${rng.int(10, 480)}`,
        ice: `00${rng.digits(13)}`,
        region: c.region,
        womens: c.womens,
        contactName: c.contactName,
        phone: `+212 6${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`,
        email: i % 3 === 0 ? null : `contact.coop${i + 1}@example.ma`,
        bankName: c.bankName,
        bankAccount: `${rng.digits(3)} ${rng.digits(3)} ${rng.digits(16)} ${rng.digits(2)}`,
        commissionBp: c.commissionBp,
      });
      let company = rng.digits(4);
      while (companies.has(company)) company = rng.digits(4);
      companies.add(company);
      const products = expandCooperative(c, company, counters, rng);
      store.tx(() => {
        for (const p of products) {
          stocked.push({
            id: insertProduct(store, { ...p.input, cooperativeId: coop.id }),
            cooperativeId: coop.id,
            demo: p,
          });
        }
        appendJournal(store, {
          userId: admin.userId,
          kind: 'product.import',
          ref: `cooperative:${coop.id}`,
          payload: { source: 'demo', products: products.length },
        });
      });
      at(clock + 7 * MINUTE);
    });

    const customers = [
      createCustomer(store, admin, {
        name: 'Hôtel Bouregreg Palace',
        phone: '+212 537 72 10 10',
        ice: '001872365000072',
        ...DEMO_ACCOUNT_DETAILS.hotel,
        tier: 'wholesale',
      }),
      createCustomer(store, admin, {
        name: 'Épicerie fine Dar Zitoun',
        phone: '+212 661 48 22 90',
        ice: '002209861000041',
        ...DEMO_ACCOUNT_DETAILS.epicerie,
        tier: 'wholesale',
      }),
      createCustomer(store, admin, {
        name: 'Riad Dar Lalla Zineb',
        phone: '+212 662 31 07 55',
        ice: null,
        tier: 'semi',
      }),
      createCustomer(store, admin, {
        name: 'Association Femmes Solidaires Rabat',
        phone: null,
        ice: null,
        tier: 'retail',
      }),
    ];

    // Deliveries: every cooperative delivers the day before the first trading day.
    let deliveryNo = 0;
    const deliver = (coopId: number, items: Stocked[], when: number): void => {
      at(when);
      deliveryNo++;
      receiveDelivery(store, managers[deliveryNo % 2] as Actor, {
        clientId: `demo-delivery-${deliveryNo}`,
        cooperativeId: coopId,
        noteRef: `BL-${new Date(when).getUTCFullYear()}-${String(100 + deliveryNo * 7).padStart(4, '0')}`,
        lines: items.map((p) => {
          const quantity =
            p.demo.input.unit === 'piece'
              ? rng.int(12, 48) * 1000 * (p.demo.popularity >= 3 ? 2 : 1)
              : rng.int(15, 40) * 1000;
          const months = p.demo.shelfMonths;
          // About one food lot in twelve expires within three weeks: the shelf to watch.
          const bestBefore =
            months === null
              ? null
              : isoDate(
                  rng.chance(0.08) ? endAt + rng.int(3, 20) * DAY : endAt + rng.int(30, months * 30) * DAY,
                );
          return {
            productId: p.id,
            quantity,
            lot: `L${isoDate(when).slice(2, 7).replace('-', '')}-${rng.int(10, 99)}`,
            bestBefore,
          };
        }),
      });
    };
    const byCoop = new Map<number, Stocked[]>();
    for (const p of stocked) byCoop.set(p.cooperativeId, [...(byCoop.get(p.cooperativeId) ?? []), p]);
    const coopIds = [...byCoop.keys()];
    coopIds.forEach((coopId, i) =>
      deliver(coopId, byCoop.get(coopId) ?? [], first.open - DAY + i * 20 * MINUTE),
    );

    // The sales floor.
    const popular: [Stocked, number][] = stocked.map((p) => [p, p.demo.popularity]);
    const onHand = (p: Stocked): number =>
      store.get<{ on_hand: number }>(
        'SELECT on_hand FROM stock_levels WHERE product_id = ? AND cooperative_id = ?',
        p.id,
        p.cooperativeId,
      )?.on_hand ?? 0;
    const sold: SoldSale[] = [];
    const returned = new Set<number>();
    let saleNo = 0;
    let returnNo = 0;
    let openSessionId: number | null = null;
    const settlementDay = days >= 3 ? Math.floor((days - 1) / 2) : -1;

    const buildCart = (): { lines: CheckoutLineInput[]; customerId: number | null } => {
      const customer = rng.chance(0.05) ? rng.pick(customers) : null;
      const count = rng.weighted<number>([
        [1, 30],
        [2, 28],
        [3, 20],
        [4, 12],
        [5, 6],
        [6, 3],
        [8, 1],
      ]);
      const lines: CheckoutLineInput[] = [];
      const used = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const p = rng.weighted(popular);
        const { unit, semiMinQty, scaleRef, retailPrice } = p.demo.input;
        let quantity: number;
        let barcode: string | null = null;
        if (unit === 'piece') {
          quantity = rng.weighted<number>([
            [1000, 80],
            [2000, 13],
            [3000, 4],
            [semiMinQty ?? 1000, 3],
          ]);
        } else if (unit === 'kg') {
          quantity = rng.int(30, 300) * 5;
          if (scaleRef && PRICE_RULE && rng.chance(0.35)) {
            // Weighed and labelled at the scale: the label carries the price the customer saw.
            barcode = makeEmbeddedCode(PRICE_RULE, scaleRef, lineAmount(retailPrice, quantity));
          }
        } else {
          quantity = rng.int(1, 8) * 250;
        }
        const want = (used.get(p.id) ?? 0) + quantity + 1000;
        if (onHand(p) < want) continue;
        used.set(p.id, want);
        lines.push({ productId: p.id, quantity, barcode });
      }
      return { lines, customerId: customer?.id ?? null };
    };

    const payFor = (total: number): { payments: PaymentInput[]; method: PaymentMethod } => {
      const kind = rng.weighted<'cash' | 'card' | 'mobile' | 'split'>([
        ['cash', 55],
        ['card', 30],
        ['mobile', 10],
        ['split', 5],
      ]);
      const cash = (amount: number): PaymentInput => {
        const options = tenderSuggestions(amount);
        return { method: 'cash', amount, tendered: rng.chance(0.3) ? amount : rng.pick(options) };
      };
      if (kind === 'cash') return { payments: [cash(total)], method: 'cash' };
      if (kind === 'card')
        return {
          payments: [{ method: 'card', amount: total, reference: `CB-${rng.digits(6)}` }],
          method: 'card',
        };
      if (kind === 'mobile')
        return {
          payments: [{ method: 'mobile', amount: total, reference: `M-${rng.digits(8)}` }],
          method: 'mobile',
        };
      const part = Math.floor((total * rng.int(30, 70)) / 100 / 1000) * 1000;
      if (part <= 0 || part >= total)
        return {
          payments: [{ method: 'card', amount: total, reference: `CB-${rng.digits(6)}` }],
          method: 'card',
        };
      return {
        payments: [
          { method: rng.chance(0.5) ? 'card' : 'mobile', amount: part, reference: `S-${rng.digits(6)}` },
          cash(total - part),
        ],
        method: 'cash',
      };
    };

    windows.forEach((w, day) => {
      const morning = cashiers[day % 3] as number;
      const afternoon = cashiers[(day + 1) % 3] as number;
      const manager = managers[day % 2] as Actor;
      at(w.open);
      const session = openSession(
        store,
        { userId: morning, role: 'cashier' },
        { openingFloat: OPENING_FLOAT },
      );
      openSessionId = session.id;
      if (day === Math.floor(days / 2) && days >= 2) {
        // Mid-week restock from the best sellers.
        for (const coopId of coopIds.slice(0, 3)) {
          const items = (byCoop.get(coopId) ?? []).filter((p) => p.demo.popularity >= 3);
          if (items.length > 0) deliver(coopId, items, w.open + 20 * MINUTE);
        }
      }
      if (day === 1) {
        const expiring = store.all<{ product_id: number; cooperative_id: number; lot: string; qty: number }>(
          `SELECT l.product_id, d.cooperative_id, l.lot, MIN(l.qty, s.on_hand) qty FROM delivery_lines l
           JOIN deliveries d ON d.id = l.delivery_id
           JOIN stock_levels s ON s.product_id = l.product_id AND s.cooperative_id = d.cooperative_id
           WHERE l.best_before IS NOT NULL AND l.best_before < ? AND s.on_hand > 0 ORDER BY l.best_before, l.id LIMIT 3`,
          isoDate(endAt + 8 * DAY),
        );
        const firstCoop = expiring[0]?.cooperative_id;
        const lines = expiring.filter((e) => e.cooperative_id === firstCoop);
        if (firstCoop !== undefined && lines.length > 0) {
          at(w.open + 15 * MINUTE);
          returnToCooperative(store, manager, {
            clientId: `demo-coop-return-${day}`,
            cooperativeId: firstCoop,
            reason: 'DLUO proche : retour à la coopérative',
            lines: lines.map((e) => ({
              productId: e.product_id,
              quantity: Math.floor(e.qty / 2000) * 1000 || e.qty,
              lot: e.lot,
            })),
          });
        }
        const fragile = stocked.find((p) => p.demo.input.sku.startsWith('POT-VAI'));
        if (fragile) {
          at(w.open + 16 * MINUTE);
          adjustStock(store, manager, {
            productId: fragile.id,
            cooperativeId: fragile.cooperativeId,
            quantity: -1000,
            reason: 'damaged',
            note: 'Assiette ébréchée à la mise en rayon',
          });
        }
      }
      if (rng.chance(0.4)) {
        at(w.open + 5 * MINUTE);
        cashMovement(
          store,
          { userId: morning, role: 'cashier' },
          { kind: 'in', amount: 20_000, reason: 'Appoint de monnaie' },
        );
      }
      const n = rng.int(40, 80);
      const span = Math.max(n * MINUTE, w.lastSale - (w.open + 25 * MINUTE));
      const times = Array.from(
        { length: n },
        () => w.open + 25 * MINUTE + Math.floor(rng.next() * span),
      ).sort((a, b) => a - b);
      const voidAt = rng.int(5, n - 5);
      const returnsAt = new Set([rng.int(3, n - 1), rng.int(3, n - 1)]);
      const supplyAt = rng.int(10, n - 10);
      times.forEach((t, k) => {
        const cashier = k < n / 2 ? morning : afternoon;
        const actor: Actor = { userId: cashier, role: 'cashier' };
        at(t);
        const cart = buildCart();
        if (cart.lines.length > 0) {
          const tier: PriceTier | null = cart.customerId
            ? (customers.find((c) => c.id === cart.customerId)?.tier ?? null)
            : null;
          const total = priceCart(store, cart.lines, tier).reduce((s, l) => s + l.amount, 0);
          const { payments, method } = payFor(total);
          saleNo++;
          const sale = checkout(store, actor, {
            clientId: `demo-sale-${saleNo}`,
            customerId: cart.customerId,
            lines: cart.lines,
            payments,
          });
          if (k === voidAt) {
            at(clock + 40_000);
            voidSale(
              store,
              { ...actor, approvedBy: manager.userId },
              { saleId: sale.id, reason: 'Erreur de saisie : article scanné deux fois' },
            );
          } else {
            sold.push({
              id: sale.id,
              method,
              lines: sale.lines.map((l) => ({ id: l.id, unit: l.unit, quantity: l.quantity })),
            });
          }
        }
        if (k === supplyAt && rng.chance(0.6)) {
          at(clock + 2 * MINUTE);
          cashMovement(store, actor, {
            kind: 'out',
            amount: rng.int(3, 15) * 1000,
            reason: 'Achat de sacs et rouleaux de caisse',
          });
        }
        if (returnsAt.has(k) && sold.length > 10) {
          const candidates = sold.slice(0, -3).filter((s) => s.lines.some((l) => !returned.has(l.id)));
          if (candidates.length === 0) return;
          const sale = rng.pick(candidates);
          const line = rng.pick(sale.lines.filter((l) => !returned.has(l.id)));
          returned.add(line.id);
          const damaged = rng.chance(0.25);
          at(clock + 3 * MINUTE);
          returnNo++;
          createReturn(
            store,
            { ...actor, approvedBy: manager.userId },
            {
              clientId: `demo-return-${returnNo}`,
              saleId: sale.id,
              lines: [
                {
                  saleLineId: line.id,
                  quantity: line.unit === 'piece' ? 1000 : line.quantity,
                  restock: !damaged,
                },
              ],
              reason: damaged ? 'Produit abîmé (pot fêlé)' : 'Cadeau en double, article non ouvert',
              refundMethod: sale.method,
            },
          );
        }
      });
      if (day === days - 1) return; // the last session stays open: a cashier can sell right away
      at(w.lastSale + 10 * MINUTE);
      const expected = cashReport(store).expectedCash;
      const deposit = Math.floor((expected - OPENING_FLOAT) / 10_000) * 10_000;
      if (deposit > 0) {
        cashMovement(store, manager, { kind: 'out', amount: deposit, reason: 'Dépôt en banque' });
      }
      at(clock + 5 * MINUTE);
      const drawer = cashReport(store).expectedCash;
      const variance = rng.weighted<number>([
        [0, 75],
        [-1000, 6],
        [-500, 6],
        [-200, 5],
        [100, 4],
        [500, 4],
      ]);
      closeSession(store, manager, { counts: denominationCount(Math.floor(drawer / 10) * 10 + variance) });
      if (day === settlementDay) {
        const periodEnd = clock;
        at(clock + 10 * MINUTE);
        const issued = coopIds
          .slice(0, 2)
          .map((cooperativeId) => issueSettlement(store, admin, { cooperativeId, periodEnd }));
        const paid = issued[0];
        if (paid?.id) {
          at(clock + 2 * MINUTE);
          markSettlementPaid(store, admin, { settlementId: paid.id, reference: `VIR-${rng.digits(10)}` });
        }
      }
    });

    const epicerie = customers[1];
    if (epicerie) {
      at(clock + 1000);
      seedPaperwork(store, admin, { epicerieId: epicerie.id, from: first.open, endAt });
    }

    const count = (sql: string): number => store.get<{ n: number }>(sql)?.n ?? 0;
    return {
      seed,
      days,
      shop: DEMO_SHOP.name,
      tillId: store.tillId,
      from: first.open,
      to: clock,
      users: DEMO_USERS.map((u) => ({ ...u })),
      counts: {
        cooperatives: count('SELECT COUNT(*) n FROM cooperatives'),
        womensCooperatives: count('SELECT COUNT(*) n FROM cooperatives WHERE womens = 1'),
        products: count('SELECT COUNT(*) n FROM products'),
        gtinBarcodes: count("SELECT COUNT(*) n FROM barcodes WHERE kind = 'gtin'"),
        internalBarcodes: count("SELECT COUNT(*) n FROM barcodes WHERE kind = 'internal'"),
        scaleProducts: count('SELECT COUNT(*) n FROM products WHERE scale_ref IS NOT NULL'),
        customers: count('SELECT COUNT(*) n FROM customers'),
        deliveries: count('SELECT COUNT(*) n FROM deliveries'),
        sales: count('SELECT COUNT(*) n FROM sales'),
        saleLines: count('SELECT COUNT(*) n FROM sale_lines'),
        voids: count('SELECT COUNT(*) n FROM sale_voids'),
        customerReturns: count('SELECT COUNT(*) n FROM customer_returns'),
        cashSessions: count('SELECT COUNT(*) n FROM cash_sessions'),
        settlements: count('SELECT COUNT(*) n FROM settlements'),
        journalEntries: count('SELECT COUNT(*) n FROM journal'),
      },
      salesTotal: count('SELECT COALESCE(SUM(total), 0) n FROM sales WHERE voided_at IS NULL'),
      refundsTotal: count('SELECT COALESCE(SUM(total), 0) n FROM customer_returns'),
      openSessionId,
    };
  } finally {
    db.pragma(`synchronous = ${previousSync}`);
  }
}

/**
 * Seeds a new demo database at `file` unless one exists. The seed is written to a temporary file
 * and renamed into place, so an interrupted seed never leaves a half-built shop behind.
 */
export async function ensureDemoDatabase(
  file: string,
  options: DemoOptions = {},
): Promise<{ created: boolean; summary?: DemoSummary }> {
  if (existsSync(file)) return { created: false };
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.seeding-${process.pid}`;
  for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  const db = openDatabase(temp);
  let summary: DemoSummary;
  try {
    summary = seedDemo(new Store(db), options);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    db.close();
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
    throw err;
  }
  db.close();
  renameSync(temp, file);
  return { created: true, summary };
}
