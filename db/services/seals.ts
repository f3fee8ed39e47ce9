import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fail } from '../../core/errors';
import { COVERED, COVERED_TYPES, coveredRecord, type CoveredType } from '../journal-digest';
import { entryIntact, GENESIS, journalRows, type JournalHead } from '../journal';
import type { Store } from '../store';
import { getSettings } from './settings';

/**
 * Seals anchor the journal outside the database file (docs/tamper-evidence.md). At every Z close the
 * head of the chain (seq, hash) is stored on the session, printed on the Z report and appended to
 * `<db>.seals`, one JSON record a line. A seal is small and self-describing so that the HQ replication
 * can carry the same records: whoever holds a copy can tell a shortened or recomputed chain apart.
 */
export interface Seal {
  v: 1;
  /** The shop, as HQ will know it; today the shop's ICE, or its name when it has none. */
  shop: string;
  till: string;
  /** Number of the last entry, which is also the count of entries: the chain starts at 1 without gaps. */
  seq: number;
  hash: string;
  at: number;
  session: number;
}

/** The seals file beside the database file; null for an in-memory database. */
export function sealsFileFor(store: Store): string | null {
  return store.db.memory ? null : `${store.db.name}.seals`;
}

function shopId(store: Store): string {
  const shop = getSettings(store).shop;
  return shop.ice || shop.name;
}

/** Every Z close recorded in the database, as the seal it should have left. */
export function recordedSeals(store: Store): Seal[] {
  const shop = shopId(store);
  return store
    .all<{ id: number; till_id: string; closed_at: number; z_seq: number; z_hash: string }>(
      `SELECT id, till_id, closed_at, z_seq, z_hash FROM cash_sessions
       WHERE z_seq IS NOT NULL ORDER BY z_seq`,
    )
    .map((r) => ({
      v: 1,
      shop,
      till: r.till_id,
      seq: r.z_seq,
      hash: r.z_hash,
      at: r.closed_at,
      session: r.id,
    }));
}

export interface SealsFile {
  seals: Seal[];
  /** 1-based line numbers that are not a seal. */
  unreadable: number[];
}

function isSeal(x: unknown): x is Seal {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return (
    Number.isSafeInteger(s.seq) &&
    (s.seq as number) > 0 &&
    typeof s.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(s.hash) &&
    typeof s.till === 'string' &&
    Number.isSafeInteger(s.session)
  );
}

export function readSeals(file: string): SealsFile {
  if (!existsSync(file)) return { seals: [], unreadable: [] };
  const seals: Seal[] = [];
  const unreadable: number[] = [];
  // A line cut short by a power cut during an append is reported, not fatal: the seals before it stand.
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const parsed: unknown = JSON.parse(line);
        if (isSeal(parsed)) seals.push(parsed);
        else unreadable.push(i + 1);
      } catch {
        unreadable.push(i + 1);
      }
    });
  return { seals, unreadable };
}

/**
 * Appends to the seals file every Z close of the database it does not hold yet, and fsyncs it.
 * Runs after the Z close has committed (a seal of a rolled-back close would point at nothing), so a
 * crash in between leaves a Z without its seal: the next flush writes it, and verify reports it meanwhile.
 */
export function flushSeals(store: Store, file = sealsFileFor(store)): number {
  if (file === null) return 0;
  if (store.db.inTransaction) return 0;
  const present = new Set(readSeals(file).seals.map((s) => `${s.seq}:${s.hash}`));
  const pending = recordedSeals(store).filter((s) => !present.has(`${s.seq}:${s.hash}`));
  if (pending.length === 0) return 0;
  const created = !existsSync(file);
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, pending.map((s) => `${JSON.stringify(s)}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // A new file's name lives in its directory: without this fsync a power cut can lose the whole file.
  if (created) {
    const dirFd = openSync(dirname(file), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
  return pending.length;
}

/**
 * flushSeals for the moments that must not fail because of it: after a Z close or a cash opening, and when
 * the station or the shell opens the database. The close has committed and its head is on the Z report;
 * a seal that cannot be written now (a full disk, a seals path that is not a file) is retried at the next
 * of these moments, and verify reports it as not written until then. Failing the caller would only hide
 * the Z, block the day or keep the shop from opening.
 */
export function writePendingSeals(store: Store): number {
  try {
    return flushSeals(store);
  } catch (err) {
    console.error('[seals] could not write the seal of a Z close:', err);
    return 0;
  }
}

export type FindingKind =
  | 'chain-broken'
  | 'tail-deleted'
  | 'seal-mismatch'
  | 'seal-regressed'
  | 'seal-unreadable'
  | 'seal-not-written'
  | `${CoveredType}-${'edited' | 'unjournaled' | 'missing'}`;

export interface JournalFinding {
  kind: FindingKind;
  /** The journal entry concerned (for a seal: the sealed seq). */
  seq: number | null;
  saleId: number | null;
  returnId: number | null;
  /** The cash session concerned: the one a seal or Z record belongs to, or an edited session. */
  sessionId: number | null;
  settlementId: number | null;
  message: string;
}

export interface Anchor {
  seq: number;
  /** The head hash as read off a printed Z report: at least 16 hex digits, spaces allowed. */
  hash: string;
}

export interface JournalAudit {
  ok: boolean;
  entries: number;
  brokenAt: number | null;
  head: JournalHead | null;
  findings: JournalFinding[];
  /** Findings beyond the first MAX_FINDINGS, counted but not listed. */
  moreFindings: number;
  checked: {
    sales: number;
    returns: number;
    sessions: number;
    settlements: number;
    /** Journaled before row digests existed (hash version 1): only the chain vouches for them. */
    legacyRecords: number;
    seals: number;
    anchors: number;
  };
  sealsFile: string | null;
}

const MAX_FINDINGS = 200;

/** How a finding names a record: the numbers people see on paper, with the database id. */
function recordName(store: Store, type: CoveredType, id: number): string {
  if (type === 'sale') {
    const r = store.get<{ t: string; n: number }>(
      'SELECT till_id t, receipt_no n FROM sales WHERE id = ?',
      id,
    );
    return r ? `receipt ${r.t}-${r.n} (sale ${id})` : `sale ${id}`;
  }
  if (type === 'return') {
    const r = store.get<{ t: string; n: number }>(
      'SELECT till_id t, return_no n FROM customer_returns WHERE id = ?',
      id,
    );
    return r ? `return ${r.t}-${r.n} (id ${id})` : `return ${id}`;
  }
  if (type === 'settlement') {
    const r = store.get<{ n: string }>('SELECT number n FROM settlements WHERE id = ?', id);
    return r ? `settlement ${r.n} (id ${id})` : `settlement ${id}`;
  }
  return `cash session ${id}`;
}

interface AnchorCheck {
  seq: number;
  hash: string;
  source: string;
  sessionId: number | null;
}

/**
 * The whole check behind journal.verify: the chain itself, every seal and anchor against it (a
 * shortened or recomputed chain), and every sale, return, cash session and settlement against the digest
 * its latest entry recorded (rows edited under an intact chain). Synchronous and a full scan (about 0.1 ms
 * a sale): on a large shop it holds the station for seconds, so it is an admin's after-hours check.
 */
export function auditJournal(
  store: Store,
  options: { sealsFile?: string; anchors?: readonly Anchor[] } = {},
): JournalAudit {
  const sealsFile = options.sealsFile ?? sealsFileFor(store);
  if (options.sealsFile !== undefined && !existsSync(options.sealsFile)) {
    fail('NOT_FOUND', `There is no seals file at ${options.sealsFile}.`, { sealsFile: options.sealsFile });
  }
  const anchors = (options.anchors ?? []).map((a) => {
    const hash = a.hash.replace(/\s+/g, '').toLowerCase();
    // Fewer than 16 hex digits (64 bits) would let a forged chain match a typed-in head by chance.
    if (!/^[0-9a-f]{16,64}$/.test(hash)) {
      fail('VALIDATION', `The head hash for entry ${a.seq} must be 16 to 64 hex digits, got "${a.hash}".`, {
        seq: a.seq,
      });
    }
    return { seq: a.seq, hash };
  });
  const findings: JournalFinding[] = [];
  let total = 0;
  const add = (f: Pick<JournalFinding, 'kind' | 'seq' | 'message'> & Partial<JournalFinding>) => {
    total++;
    if (findings.length < MAX_FINDINGS)
      findings.push({ saleId: null, returnId: null, sessionId: null, settlementId: null, ...f });
  };

  let file: SealsFile = { seals: [], unreadable: [] };
  try {
    if (sealsFile !== null) file = readSeals(sealsFile);
  } catch (err) {
    fail('VALIDATION', `The seals file ${sealsFile} cannot be read: ${(err as Error).message}.`, {
      sealsFile,
    });
  }
  for (const line of file.unreadable)
    add({ kind: 'seal-unreadable', seq: null, message: `Line ${line} of the seals file is not a seal.` });
  const recorded = recordedSeals(store);
  const checks: AnchorCheck[] = [
    ...file.seals.map((s) => ({ seq: s.seq, hash: s.hash, source: 'seal', sessionId: s.session })),
    ...recorded.map((s) => ({ seq: s.seq, hash: s.hash, source: 'Z record', sessionId: s.session })),
    ...anchors.map((a) => ({ seq: a.seq, hash: a.hash, source: 'anchor', sessionId: null })),
  ];
  const wanted = new Set(checks.map((c) => c.seq));

  // One pass over the chain: the first break, the hashes the seals name, the latest digest per record.
  const hashAt = new Map<number, string>();
  const latest = new Map<string, { seq: number; digest: string | null }>();
  let prev = GENESIS;
  let expectedSeq = 1;
  let minVersion = 1;
  let entries = 0;
  let brokenAt: number | null = null;
  let head: JournalHead | null = null;
  for (const r of journalRows(store)) {
    if (brokenAt === null) {
      if (entryIntact(r, prev, expectedSeq, minVersion)) {
        entries++;
        minVersion = r.hv;
      } else {
        brokenAt = r.seq;
        add({
          kind: 'chain-broken',
          seq: r.seq,
          message:
            r.seq !== expectedSeq
              ? `Journal entry ${expectedSeq} is missing (the next one is ${r.seq}).`
              : `Journal entry ${r.seq} does not match its hash or the entry before it.`,
        });
      }
    }
    prev = r.hash;
    expectedSeq = r.seq + 1;
    head = { seq: r.seq, hash: r.hash };
    if (wanted.has(r.seq)) hashAt.set(r.seq, r.hash);
    if (coveredRecord(r.ref)) latest.set(r.ref, { seq: r.seq, digest: r.digest });
  }

  let maxSealSeq = 0;
  for (const c of checks) {
    const where = c.sessionId === null ? `${c.source}` : `${c.source} of session ${c.sessionId}`;
    const actual = hashAt.get(c.seq);
    if (actual === undefined && c.seq > (head?.seq ?? 0)) {
      add({
        kind: 'tail-deleted',
        seq: c.seq,
        sessionId: c.sessionId,
        message: `The ${where} vouches for ${c.seq} journal entries, but the journal ends at ${head?.seq ?? 0}.`,
      });
    } else if (
      actual === undefined ||
      (c.source === 'anchor' ? !actual.startsWith(c.hash) : actual !== c.hash)
    ) {
      add({
        kind: 'seal-mismatch',
        seq: c.seq,
        sessionId: c.sessionId,
        message:
          c.source === 'anchor'
            ? `Journal entry ${c.seq} does not have the head hash typed in: the chain was rewritten, or the hash was misread.`
            : `Journal entry ${c.seq} is not the one the ${where} recorded: the chain was rewritten.`,
      });
    }
    if (c.source === 'seal') {
      if (c.seq < maxSealSeq) {
        add({
          kind: 'seal-regressed',
          seq: c.seq,
          sessionId: c.sessionId,
          message: `A seal for entry ${c.seq} follows one for entry ${maxSealSeq}: the count went down.`,
        });
      }
      maxSealSeq = Math.max(maxSealSeq, c.seq);
    }
  }
  const inFile = new Set(file.seals.map((s) => `${s.seq}:${s.hash}`));
  for (const s of recorded) {
    if (!inFile.has(`${s.seq}:${s.hash}`)) {
      add({
        kind: 'seal-not-written',
        seq: s.seq,
        sessionId: s.session,
        message: `The Z close of session ${s.session} (entry ${s.seq}) has no seal in the seals file.`,
      });
    }
  }

  let legacyRecords = 0;
  const counted: Record<CoveredType, number> = { sale: 0, return: 0, session: 0, settlement: 0 };
  const idField = {
    sale: 'saleId',
    return: 'returnId',
    session: 'sessionId',
    settlement: 'settlementId',
  } as const satisfies Record<CoveredType, keyof JournalFinding>;
  for (const type of COVERED_TYPES) {
    const { digest, ids } = COVERED[type];
    for (const id of store.all<{ id: number }>(ids)) {
      counted[type]++;
      const ref = `${type}:${id.id}`;
      const entry = latest.get(ref);
      latest.delete(ref);
      const who = { [idField[type]]: id.id };
      if (!entry) {
        add({
          kind: `${type}-unjournaled`,
          seq: null,
          ...who,
          message: `No journal entry records ${recordName(store, type, id.id)}.`,
        });
      } else if (entry.digest === null) {
        legacyRecords++;
      } else if (digest(store, id.id) !== entry.digest) {
        add({
          kind: `${type}-edited`,
          seq: entry.seq,
          ...who,
          message: `The rows of ${recordName(store, type, id.id)} differ from what journal entry ${entry.seq} recorded.`,
        });
      }
    }
  }
  // What is left was journaled but is gone from its table.
  for (const [ref, entry] of latest) {
    const rec = coveredRecord(ref);
    if (!rec) continue;
    add({
      kind: `${rec.type}-missing`,
      seq: entry.seq,
      [idField[rec.type]]: rec.id,
      message: `Journal entry ${entry.seq} records ${rec.type} ${rec.id}, which is no longer in the database.`,
    });
  }

  return {
    ok: total === 0,
    entries,
    brokenAt,
    head,
    findings,
    moreFindings: total - findings.length,
    checked: {
      sales: counted.sale,
      returns: counted.return,
      sessions: counted.session,
      settlements: counted.settlement,
      legacyRecords,
      seals: file.seals.length,
      anchors: options.anchors?.length ?? 0,
    },
    sealsFile,
  };
}
