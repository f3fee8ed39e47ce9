import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HQ_SHOPS_PATH } from '../../core/hq-wire';
import { buildHq } from '../../hq/build';
import { openPool, type Pool } from '../../hq/db';
import { freePort } from '../../hq/pg-cluster';
import { verifyShopChain } from '../../hq/verify';
import { buildStation } from '../../server/build';
import { pinnedFetch } from '../../server/pinned-fetch';
import { makeFixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { rehashFrom, truncateJournal, dropGuards } from './push-attacker';
import { Link } from './push-link';

/**
 * The chain under fire: a real PostgreSQL, HQ and three shop stations as child processes (bundled, as
 * shipped), each shop pushing over TLS, HQ's certificate pinned (made by HQ on its first start and kept
 * across its restarts), through a real TCP link. Every round sells in every shop over HTTP while
 * one fault strikes at the moment a push is on the wire: HQ SIGKILLed mid-push, the link cut half-way
 * through a batch, the link cut as HQ's answer comes back (HQ has the batch, the shop does not know), a
 * shop SIGKILLed mid-push. `npm test` runs one round of each; SOUK_CHAOS_ROUNDS=n runs n random ones.
 * Then every event is at HQ exactly once, without holes, HQ's chain verifies and is each shop's journal;
 * and a shop whose file was truncated or rewritten (as an attacker would) is flagged.
 */
const FAULTS = ['kill-hq', 'cut-request', 'cut-answer', 'kill-shop'] as const;
type Fault = (typeof FAULTS)[number];
const ROUNDS = Number(process.env.SOUK_CHAOS_ROUNDS ?? 0);
const PLAN: Fault[] =
  ROUNDS > 0
    ? Array.from({ length: ROUNDS }, () => FAULTS[Math.floor(Math.random() * FAULTS.length)]!)
    : [...FAULTS];
const ADMIN = 'chaos-admin-key-0123456789';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SALES_PER_ROUND = 6;

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
  url: string;
  /** The ready line's other captures (HQ's certificate fingerprint). */
  match: RegExpExecArray;
}

/** Starts a bundled entry point and resolves once it prints its URL; its output is kept for failures. */
function startProc(file: string, args: string[], ready: RegExp, log: string[]): Promise<Proc> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      log.push(d.toString());
      const m = ready.exec(buf);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (x: Buffer) => log.push(x.toString()));
        resolveStart({ child, exited, url: m[1]!, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    child.once('exit', (code) =>
      reject(new Error(`${file} exited (${code}) before it was ready:\n${log.join('')}`)),
    );
  });
}

describePg('journals pushed to HQ while HQ, links and shops fail (real PostgreSQL, processes, TCP)', () => {
  const pg = usePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'souk-chaos-'));
  // Bundles inside the project, so their external packages resolve from its node_modules.
  const bundles = join(ROOT, 'out', `chaos-${process.pid}`);
  const log: string[] = [];
  let stationJs = '';
  let hqJs = '';
  let hqPort = 0;
  let hq: Proc | null = null;
  // HQ's certificate, as HQ prints it at start; the shops are configured with it.
  let fingerprint = '';
  let pool: Pool;

  interface Shop {
    id: string;
    key: string;
    file: string;
    link: Link;
    proc: Proc | null;
    token: string;
    managerToken: string;
    cashierId: number;
    managerId: number;
    honeyId: number;
    sold: number;
  }
  const shops: Shop[] = [];

  const startHq = async () => {
    hq = await startProc(
      hqJs,
      [
        '--db',
        pg.current.url,
        '--port',
        String(hqPort),
        '--admin-key',
        ADMIN,
        '--tls-dir',
        join(dir, 'hq-tls'),
        ...shops.flatMap((s) => ['--shop', `${s.id}:${s.key}`]),
      ],
      /Souk HQ (https:\/\/\S+).*\nHQ certificate SHA-256 fingerprint: ([0-9A-F:]{95})/,
      log,
    );
    const printed = hq.match[2]!;
    // Made once, kept: a restarted HQ is the HQ the shops pinned.
    expect(fingerprint || printed).toBe(printed);
    fingerprint = printed;
  };

  const call = async (shop: Shop, method: string, input: unknown, token = shop.token) => {
    const res = await fetch(`${shop.proc!.url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    return (await res.json()) as { ok: boolean; result?: any; error?: { code: string } };
  };

  const startShop = async (shop: Shop) => {
    shop.proc = await startProc(
      stationJs,
      [
        '--db',
        shop.file,
        '--port',
        '0',
        '--report-workers',
        '0',
        '--hq',
        `https://127.0.0.1:${shop.link.port}`,
        '--hq-fingerprint',
        fingerprint,
        '--shop-id',
        shop.id,
        '--hq-key',
        shop.key,
        // Small batches: a shop always has several in a round, so faults land mid-way through its push.
        '--hq-batch',
        '5',
      ],
      /Souk POS station (http:\/\/\S+)/,
      log,
    );
    const login = await call(shop, 'auth.login', { userId: shop.cashierId, pin: '1357' });
    expect(login.ok).toBe(true);
    shop.token = login.result.token as string;
    const manager = await call(shop, 'auth.login', { userId: shop.managerId, pin: '2468' });
    shop.managerToken = manager.result.token as string;
  };

  const sell = async (shop: Shop) => {
    const r = await call(shop, 'sales.checkout', {
      clientId: `${shop.id}-${shop.sold}-${Math.random().toString(36).slice(2)}`,
      lines: [{ productId: shop.honeyId, quantity: 100 }],
      payments: [{ method: 'cash', amount: 2_500, tendered: 5_000 }],
    });
    expect(r.error?.code ?? 'ok').toBe('ok');
    shop.sold++;
  };

  const kill = async (p: Proc | null) => {
    if (!p) return;
    p.child.kill('SIGKILL');
    await p.exited;
  };

  const heldAtHq = async (id: string) =>
    (
      await pool.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM hq_events WHERE shop_id = $1 ORDER BY seq',
        [id],
      )
    ).rows;

  const journalOf = (file: string) => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT seq, hash FROM journal ORDER BY seq').all() as {
        seq: number;
        hash: string;
      }[];
    } finally {
      db.close();
    }
  };

  const shopList = async () => {
    const r = await pinnedFetch(`https://127.0.0.1:${hqPort}${HQ_SHOPS_PATH}`, fingerprint, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    return (JSON.parse(r.body) as { shops: { id: string; lastSeq: number; flagReason: string | null }[] })
      .shops;
  };

  /** Every shop's journal at HQ, up to its head (the pushers catch up by themselves, backoff included). */
  const converged = async () => {
    await expect
      .poll(
        async () => {
          const out: string[] = [];
          for (const s of shops) {
            const head = journalOf(s.file).at(-1)?.seq ?? 0;
            const at = (await heldAtHq(s.id)).at(-1)?.seq ?? 0;
            out.push(`${s.id}:${at}/${head}`);
          }
          return out.filter((x) => !/:(\d+)\/\1$/.test(x));
        },
        { timeout: 120_000, interval: 250 },
      )
      .toEqual([]);
  };

  beforeAll(async () => {
    [stationJs, hqJs] = await Promise.all([
      buildStation(join(bundles, 'station')),
      buildHq(join(bundles, 'hq')),
    ]);
    hqPort = await freePort();
    pool = openPool(pg.current.url, 4);
    for (const id of ['casa', 'marrakech', 'fes']) {
      const f = makeFixture();
      const shop: Shop = {
        id,
        key: `push-key-${id}-0123456789`,
        file: f.file,
        link: new Link(() => hqPort),
        proc: null,
        token: '',
        managerToken: '',
        cashierId: f.users.cashier.id,
        managerId: f.users.manager.id,
        honeyId: f.products.honeyKg.id,
        sold: 0,
      };
      f.db.close();
      await shop.link.open();
      shops.push(shop);
    }
    await startHq();
    for (const s of shops) await startShop(s);
  }, 180_000);

  afterAll(async () => {
    for (const s of shops) {
      await kill(s.proc);
      await s.link.close();
    }
    await kill(hq);
    await pool?.end();
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundles, { recursive: true, force: true });
  });

  it(`every event reaches HQ exactly once through ${PLAN.length} faulted rounds (${PLAN.join(', ')})`, async () => {
    for (const [round, fault] of PLAN.entries()) {
      const victim = shops[round % shops.length]!;
      const struck = new Promise<void>((resolveStruck) => {
        victim.link.whenNextRequest(() => {
          if (fault === 'kill-hq') {
            // A moment inside the push: HQ reading the body or holding its transaction open.
            setTimeout(() => void kill(hq).then(resolveStruck), Math.random() * 30);
          } else if (fault === 'kill-shop') {
            setTimeout(() => void kill(victim.proc).then(resolveStruck), Math.random() * 30);
          } else resolveStruck();
        });
        if (fault === 'cut-request') victim.link.cutNextRequestAfter(200 + Math.floor(Math.random() * 2_000));
        if (fault === 'cut-answer') victim.link.cutNextAnswer();
      });
      // Sales in every shop while the fault strikes; a shop being killed may lose its in-flight sale only.
      await Promise.all(
        shops.map(async (s) => {
          for (let i = 0; i < SALES_PER_ROUND; i++) {
            if (fault === 'kill-shop' && s === victim) {
              await sell(s).catch(() => undefined);
              if (victim.proc?.child.exitCode !== null || victim.proc?.child.signalCode) break;
            } else await sell(s);
          }
        }),
      );
      await struck;
      if (fault === 'kill-hq') {
        // HQ is down: the tills keep selling, the pushers back off and keep their place.
        for (const s of shops) await sell(s);
        // The manager sees why the push waits.
        await expect
          .poll(
            async () => (await call(victim, 'hq.status', {}, victim.managerToken)).result?.lastError?.code,
            {
              timeout: 60_000,
            },
          )
          .toBe('HQ_UNREACHABLE');
        await startHq();
      }
      if (fault === 'kill-shop') await startShop(victim);
      if (fault === 'cut-request' || fault === 'cut-answer') {
        await expect.poll(() => victim.link.cuts, { timeout: 60_000 }).toBeGreaterThan(0);
        victim.link.cuts = 0;
      }
    }
    await converged();

    for (const s of shops) {
      // A station writes entries of its own after the sales (a catalogue pull once HQ answers again): read
      // both sides once HQ holds the shop's head of the moment.
      let journal = journalOf(s.file);
      let held = await heldAtHq(s.id);
      await expect
        .poll(
          async () => {
            journal = journalOf(s.file);
            held = await heldAtHq(s.id);
            return held.at(-1)?.seq === journal.at(-1)?.seq;
          },
          { timeout: 120_000, interval: 250 },
        )
        .toBe(true);
      // Exactly once, without holes (1..n), and the very entries the shop wrote.
      expect(held.map((r) => r.seq)).toEqual(journal.map((_, i) => i + 1));
      expect(held).toEqual(journal);
      expect(await verifyShopChain(pool, s.id)).toEqual({
        ok: true,
        entries: journal.length,
        brokenAt: null,
      });
      const sales = (
        await pool.query<{ n: number }>(
          `SELECT count(*) AS n FROM hq_events WHERE shop_id = $1 AND kind = 'sale'`,
          [s.id],
        )
      ).rows[0]!.n;
      const db = new Database(s.file, { readonly: true });
      expect(sales).toBe((db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n);
      db.close();
      expect(sales).toBeGreaterThanOrEqual(s.sold);
      // The manager's view of the push agrees (once the pusher has read HQ's answer).
      await expect
        .poll(
          async () => {
            const r = (await call(s, 'hq.status', {}, s.managerToken)).result;
            return { ...r, upToJournal: r?.ackedSeq === journalOf(s.file).length };
          },
          { timeout: 60_000 },
        )
        .toMatchObject({ configured: true, shopId: s.id, lag: 0, upToJournal: true });
    }
    expect((await shopList()).map((s) => [s.id, s.flagReason])).toEqual([
      ['casa', null],
      ['fes', null],
      ['marrakech', null],
    ]);
  }, 600_000);

  it('flags a shop whose journal was truncated and one whose history was rewritten and re-hashed', async () => {
    const [casa, marrakech, fes] = shops as [Shop, Shop, Shop];
    await converged();
    // fes: the last entries deleted from the file (the station stopped as an attacker would need).
    await kill(fes.proc);
    const fdb = new Database(fes.file);
    truncateJournal(fdb, 2);
    fdb.close();
    // marrakech: a sale HQ already holds made cheaper, every digest and hash after it recomputed.
    await kill(marrakech.proc);
    const mdb = new Database(marrakech.file);
    dropGuards(mdb);
    mdb
      .prepare(
        `UPDATE sale_lines SET gross = gross - 500, amount = amount - 500, commission = commission - 500
         WHERE sale_id = (SELECT max(id) FROM sales)`,
      )
      .run();
    const saleSeq = (
      mdb.prepare(`SELECT max(seq) AS s FROM journal WHERE kind = 'sale'`).get() as { s: number }
    ).s;
    rehashFrom(mdb, saleSeq);
    mdb.close();
    await startShop(fes);
    await startShop(marrakech);
    await sell(marrakech);
    await expect
      .poll(async () => (await shopList()).map((s) => [s.id, s.flagReason?.split(':')[0] ?? null]), {
        timeout: 120_000,
      })
      .toEqual([
        ['casa', null],
        ['fes', 'journal truncated'],
        ['marrakech', 'journal rewritten'],
      ]);
    // The shop's manager sees it too; the unflagged shop keeps pushing.
    await expect
      .poll(
        async () =>
          ((await call(fes, 'hq.status', {}, fes.managerToken)).result as { flagged: string | null }).flagged,
      )
      .toMatch(/truncated/);
    await sell(casa);
    await expect
      .poll(async () => (await heldAtHq('casa')).length, { timeout: 60_000 })
      .toBe(journalOf(casa.file).length);
  }, 300_000);
});
