import Database from 'better-sqlite3';
import type { Sale } from '../db/services/checkout';
import { TILL_MIGRATIONS } from './migrations';

/** A sale the till made, as its outbox keeps it. */
export interface OutboxRow {
  seq: number;
  clientId: string;
  receiptNo: number;
  madeAt: number;
  cashierId: number;
  /** The sales.checkout input to replay (with receiptNo and the offline pricing). */
  request: Record<string, unknown>;
  /** The sale as the cashier saw it (local id and prices until the station answered). */
  sale: Sale;
  state: 'queued' | 'sent';
  stationSaleId: number | null;
  attempts: number;
  lastError: string | null;
}

interface OutboxDbRow {
  seq: number;
  client_id: string;
  receipt_no: number;
  made_at: number;
  cashier_id: number;
  request: string;
  sale: string;
  state: 'queued' | 'sent';
  station_sale_id: number | null;
  attempts: number;
  last_error: string | null;
}

const toRow = (r: OutboxDbRow): OutboxRow => ({
  seq: r.seq,
  clientId: r.client_id,
  receiptNo: r.receipt_no,
  madeAt: r.made_at,
  cashierId: r.cashier_id,
  request: JSON.parse(r.request) as Record<string, unknown>,
  sale: JSON.parse(r.sale) as Sale,
  state: r.state,
  stationSaleId: r.station_sale_id,
  attempts: r.attempts,
  lastError: r.last_error,
});

/**
 * Ids of sales that exist only on the till so far. Far above any station's sale ids, so one namespace
 * serves both in sales.receipt / devices.printReceipt.
 */
export const LOCAL_SALE_ID_BASE = 2 ** 40;

export interface SessionUser {
  id: number;
  name: string;
  role: 'cashier' | 'manager' | 'admin';
  language: string;
}

/**
 * till.db: synchronous=FULL in WAL mode, so a sale's row is on disk (fsync) before the cashier is answered;
 * a SIGKILL or a power cut keeps every sale the till answered for.
 */
export class TillDb {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version + 1; v <= TILL_MIGRATIONS.length; v++) {
      const sql = TILL_MIGRATIONS[v - 1]!;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${v}`);
      })();
    }
  }

  get(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM till_state WHERE key = ?').get(key) as
      { value: string } | undefined;
    return r?.value ?? null;
  }

  set(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO till_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  /** The next receipt number of the till's own series: one past the last sale it made (1 for a new till). */
  nextReceiptNo(): number {
    const r = this.db.prepare('SELECT MAX(receipt_no) AS n FROM outbox').get() as { n: number | null };
    const floor = Number(this.get('receipt_floor') ?? '1');
    return Math.max((r.n ?? 0) + 1, floor);
  }

  /**
   * The till's series starts where the station's record of it is (pairing an existing till): its next number
   * is at least `next`. Only raises it, so a till never reuses a number it printed.
   */
  raiseReceiptFloor(next: number): void {
    if (next > this.nextReceiptNo()) this.set('receipt_floor', String(next));
  }

  /** Writes the sale; the number is taken in the same transaction, so two sales never share one. */
  append(
    make: (
      receiptNo: number,
      seq: number,
    ) => {
      clientId: string;
      madeAt: number;
      cashierId: number;
      request: Record<string, unknown>;
      sale: Sale;
    },
  ): OutboxRow {
    return this.db.transaction(() => {
      const receiptNo = this.nextReceiptNo();
      const seqRow = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM outbox').get() as {
        s: number;
      };
      const r = make(receiptNo, seqRow.s);
      this.db
        .prepare(
          `INSERT INTO outbox (seq, client_id, receipt_no, made_at, cashier_id, request, sale, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')`,
        )
        .run(
          seqRow.s,
          r.clientId,
          receiptNo,
          r.madeAt,
          r.cashierId,
          JSON.stringify(r.request),
          JSON.stringify(r.sale),
        );
      return this.row(seqRow.s)!;
    })();
  }

  /** Takes back the last sale when the station refused it at once: it never happened, its number is reused. */
  dropLast(seq: number): void {
    this.db.transaction(() => {
      const last = this.db.prepare('SELECT MAX(seq) AS s FROM outbox').get() as { s: number | null };
      if (last.s !== seq) throw new Error(`outbox: ${seq} is not the last sale`);
      this.db.prepare("DELETE FROM outbox WHERE seq = ? AND state = 'queued'").run(seq);
    })();
  }

  row(seq: number): OutboxRow | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE seq = ?').get(seq) as OutboxDbRow | undefined;
    return r ? toRow(r) : null;
  }

  bySaleId(id: number): OutboxRow | null {
    const r = (
      id >= LOCAL_SALE_ID_BASE
        ? this.db.prepare('SELECT * FROM outbox WHERE seq = ?').get(id - LOCAL_SALE_ID_BASE)
        : this.db.prepare('SELECT * FROM outbox WHERE station_sale_id = ?').get(id)
    ) as OutboxDbRow | undefined;
    return r ? toRow(r) : null;
  }

  byClientId(clientId: string): OutboxRow | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE client_id = ?').get(clientId) as
      OutboxDbRow | undefined;
    return r ? toRow(r) : null;
  }

  firstQueued(): OutboxRow | null {
    const r = this.db.prepare("SELECT * FROM outbox WHERE state = 'queued' ORDER BY seq LIMIT 1").get() as
      OutboxDbRow | undefined;
    return r ? toRow(r) : null;
  }

  queuedCount(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'queued'").get() as { n: number })
      .n;
  }

  markSent(seq: number, sale: Sale, at: number): void {
    this.db
      .prepare(
        "UPDATE outbox SET state = 'sent', station_sale_id = ?, sale = ?, sent_at = ?, last_error = NULL WHERE seq = ?",
      )
      .run(sale.id, JSON.stringify(sale), at, seq);
  }

  markAttempt(seq: number, error: string): void {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?')
      .run(error, seq);
  }

  rememberSession(token: string, user: SessionUser, at: number): void {
    this.db
      .prepare(
        `INSERT INTO sessions (token, user_id, user, seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (token) DO UPDATE SET user = excluded.user, seen_at = excluded.seen_at`,
      )
      .run(token, user.id, JSON.stringify(user), at);
  }

  session(token: string): SessionUser | null {
    const r = this.db.prepare('SELECT user FROM sessions WHERE token = ?').get(token) as
      { user: string } | undefined;
    return r ? (JSON.parse(r.user) as SessionUser) : null;
  }

  /** The sessions most recently seen working, newest first: the drainer replays with one of them. */
  recentSessions(): { token: string; user: SessionUser }[] {
    return (
      this.db.prepare('SELECT token, user FROM sessions ORDER BY seen_at DESC LIMIT 10').all() as {
        token: string;
        user: string;
      }[]
    ).map((r) => ({ token: r.token, user: JSON.parse(r.user) as SessionUser }));
  }

  forgetSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token = ?').run(token);
  }

  close(): void {
    this.db.close();
  }
}
