// Child process of crash.test.ts: sells in a tight loop until it is SIGKILLed. It prints
// "<clientId> <receiptNo>" only after checkout() has returned, i.e. after the COMMIT, so every line the
// parent reads names a sale that must survive the kill.
import { createInterface } from 'node:readline';
import { AppError } from '../../core/errors';
import { openDatabase } from '../../db/open';
import { checkout, priceCart, type CheckoutLineInput, type PaymentInput } from '../../db/services/checkout';
import { Store } from '../../db/store';

const [file, tag = 'w'] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-worker <dbfile> [tag]');

// Started ahead of time (loading takes a moment); the parent says "go" when the previous round is
// checked, and a closed stdin means the parent is gone.
const go = await new Promise<boolean>((resolve) => {
  const rl = createInterface({ input: process.stdin });
  rl.once('line', () => {
    resolve(true); // before close(), which emits 'close' synchronously
    rl.close();
  });
  rl.once('close', () => resolve(false));
});
if (!go) process.exit(0);

const db = openDatabase(file);
const store = new Store(db, { tillId: 'T1' });
const products = db.prepare('SELECT id, unit FROM products WHERE active = 1 ORDER BY id').all() as {
  id: number;
  unit: string;
}[];
const cashier = (db.prepare("SELECT id FROM users WHERE role = 'cashier' LIMIT 1").get() as { id: number })
  .id;

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const write = (line: string) => process.stdout.write(`${line}\n`);

// Never outlive the test: stop if the parent is gone or after a generous while.
const parent = process.ppid;
const deadline = Date.now() + 30_000;

write('ready');
for (let i = 1; process.ppid === parent && Date.now() < deadline; i++) {
  const lines: CheckoutLineInput[] = [];
  const n = 1 + Math.floor(Math.random() * 4);
  for (let j = 0; j < n; j++) {
    const p = pick(products);
    const quantity =
      p.unit === 'piece' ? 1000 * (1 + Math.floor(Math.random() * 2)) : 50 + Math.floor(Math.random() * 900);
    lines.push({ productId: p.id, quantity });
  }
  // Priced by the one path checkout uses: tiers count a product's whole quantity in the cart.
  const total = priceCart(store, lines, null).reduce((s, l) => s + l.amount, 0);
  const payments: PaymentInput[] =
    i % 3 === 0 && total >= 2
      ? [
          { method: 'card', amount: Math.floor(total / 2) },
          { method: 'cash', amount: total - Math.floor(total / 2), tendered: total + 500 },
        ]
      : [{ method: i % 2 === 0 ? 'card' : 'cash', amount: total }];
  const clientId = `${tag}-${process.pid}-${i}`;
  try {
    const sale = checkout(store, { userId: cashier, role: 'cashier' }, { clientId, lines, payments });
    write(`${clientId} ${sale.receiptNo}`);
  } catch (err) {
    // A cart the seeded stock cannot serve is not what this test is about.
    if (!(err instanceof AppError) || err.code !== 'OUT_OF_STOCK') throw err;
  }
}
