import type { Statement } from 'better-sqlite3';
import { fail } from '../core/errors';
import type { Role } from '../core/roles';
import type { Db } from './open';

/** Who is acting; approvals from a manager PIN are verified by the API before a service sees them. */
export interface Actor {
  userId: number;
  role: Role;
  /** A manager who approved this single action, when one did. */
  approvedBy?: number | null;
  /**
   * The till the call came from (a paired till's token): its sessions and receipt series. Absent: the
   * station's own till (store.tillId), as for a call on loopback. null: a paired back-office device, which has no till.
   */
  tillId?: string | null;
}

/** The till an actor works on: theirs when the call came from a paired till, else the station's own. */
export function tillOf(store: Store, actor: Actor | null | undefined): string {
  const till = actor?.tillId;
  if (till === null) {
    fail(
      'NOT_A_TILL',
      'This device is paired as a back-office device: it has no till, cash or receipts.',
      {},
    );
  }
  return till ?? store.tillId;
}

export interface StoreOptions {
  tillId?: string;
  now?: () => number;
}

/** The database plus the few things every service needs: a clock, this station's till, cached statements. */
export class Store {
  readonly tillId: string;
  readonly now: () => number;
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly db: Db,
    options: StoreOptions = {},
  ) {
    this.tillId = options.tillId ?? 'T1';
    this.now = options.now ?? Date.now;
  }

  /** Prepared once, reused: preparing is a large share of a small query's cost. */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }

  run(sql: string, ...params: unknown[]): { changes: number; lastInsertRowid: number } {
    const r = this.stmt(sql).run(...params);
    return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
  }

  /** Runs fn in one IMMEDIATE transaction: it takes the write lock up front so it never fails half-way on a busy lock. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
