import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, knownErrorCode, type ErrorCode } from '../../core/errors';
import {
  HQ_PUSH_PATH,
  type HqPushStatus,
  type PushAck,
  type PushBatch,
  type PushEntry,
  type PushSeal,
} from '../../core/hq-wire';
import type { JournalRow } from '../../core/journal-chain';
import { recordRows } from '../journal-digest';
import { journalHead } from '../journal';
import type { Store } from '../store';
import { hqExchange, hqRefusalOf, type HqPushConfig } from './hq-link';
import { RetryLoop } from './retry-loop';
import { readSeals, recordedSeals, sealsFileFor } from './seals';

export type { HqPushConfig };

/**
 * The shop's side of the chain: pushes the journal to HQ (hq/ingest.ts), entry by entry in order, each with
 * the rows of the record it names, and the Z seals. It never stands in the till's way: it reads in short
 * statements on the station's thread (a slice at a time, yielding between slices), the network is async,
 * and HQ being down, slow or refusing only moves its own state (backoff 1 s doubling to 30 s). Any batch
 * can be sent twice: HQ acknowledges what it already holds, and its answer (its last contiguous entry) is
 * where the next batch starts, so a kill of either side or a cut link mid-batch resumes by itself.
 */

export interface HqPushOptions extends HqPushConfig {
  /** Entries per request. */
  batchSize?: number;
  /** Entries read per synchronous statement run; the event loop is yielded between slices. */
  sliceSize?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the journal's head is looked at when the push is caught up. */
  pollMs?: number;
  /** Even with nothing new, the head is sent this often: HQ sees a truncated journal without a new sale. */
  heartbeatMs?: number;
  requestTimeoutMs?: number;
}

type Resolved = HqPushConfig & Required<Omit<HqPushOptions, keyof HqPushConfig>>;

export const PUSH_DEFAULTS: Omit<Resolved, keyof HqPushConfig> = {
  batchSize: 200,
  // About 5 ms of reads a slice on a quiet machine: a till's call waits at most that for the push.
  sliceSize: 20,
  minBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  pollMs: 200,
  heartbeatMs: 30_000,
  requestTimeoutMs: 30_000,
};

interface StateRow {
  acked_seq: number;
  acked_at: number | null;
  seal_seq: number;
  last_attempt_at: number | null;
  last_error_code: string | null;
  last_error: string | null;
  flagged: string | null;
}

function readState(store: Store): StateRow {
  return (
    store.get<StateRow>(
      'SELECT acked_seq, acked_at, seal_seq, last_attempt_at, last_error_code, last_error, flagged FROM hq_push_state WHERE id = 1',
    ) ?? {
      acked_seq: 0,
      acked_at: null,
      seal_seq: 0,
      last_attempt_at: null,
      last_error_code: null,
      last_error: null,
      flagged: null,
    }
  );
}

/** What the manager sees (hq.status); readable with or without a pusher running. */
export function hqPushStatus(
  store: Store,
  config: Pick<HqPushConfig, 'url' | 'shopId'> | null,
): HqPushStatus {
  const s = readState(store);
  const headSeq = journalHead(store)?.seq ?? 0;
  const code = s.last_error_code ? (knownErrorCode(s.last_error_code) ?? 'INTERNAL') : null;
  return {
    configured: config !== null,
    url: config?.url ?? null,
    shopId: config?.shopId ?? null,
    ackedSeq: s.acked_seq,
    ackedAt: s.acked_at,
    headSeq,
    lag: Math.max(0, headSeq - s.acked_seq),
    lastAttemptAt: s.last_attempt_at,
    lastError: code ? { code, message: s.last_error ?? '' } : null,
    flagged: s.flagged,
  };
}

const JOURNAL_AFTER = `SELECT seq, at, user_id, kind, ref, payload, prev_hash, hash, hv, digest
  FROM journal WHERE seq > ? ORDER BY seq LIMIT ?`;

/**
 * Reads the entries after `afterSeq` (at most `limit`) with their records' rows, then the head. The head is
 * read last on purpose: any change a record's rows show was committed with its own journal entry before
 * that read, so HQ can tell rows changed by a later entry (at most `head`) from rows edited under the
 * journal (hq/ingest.ts checkEditedRows).
 */
export async function readPushBatch(
  store: Store,
  afterSeq: number,
  limit: number,
  sliceSize: number,
  sealsAfter: number,
): Promise<PushBatch> {
  const entries: PushEntry[] = [];
  let after = afterSeq;
  while (entries.length < limit) {
    const n = Math.min(sliceSize, limit - entries.length);
    const rows = store.all<JournalRow>(JOURNAL_AFTER, after, n);
    for (const r of rows) entries.push({ ...r, rows: recordRows(store, r.ref) });
    if (rows.length < n) break;
    after = rows[rows.length - 1]!.seq;
    await nextTurn();
  }
  const head = journalHead(store);
  return { head, entries, seals: sealsToSend(store, sealsAfter) };
}

/** The seals file is the anchor outside the database; a close whose seal is not written yet comes from the row. */
function sealsToSend(store: Store, after: number): PushSeal[] {
  const file = sealsFileFor(store);
  const bySeq = new Map<number, PushSeal>();
  const fromFile = file ? readSeals(file).seals : [];
  for (const s of [...recordedSeals(store), ...fromFile]) {
    if (s.seq > after)
      bySeq.set(s.seq, { seq: s.seq, hash: s.hash, till: s.till, session: s.session, at: s.at });
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** HQ's refusal, with its position when it gave one. */
class HqRefusal extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly ack: PushAck | null,
  ) {
    super(code, message);
  }
}

export async function postBatch(
  config: HqPushConfig,
  batch: PushBatch,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<PushAck> {
  let answer;
  try {
    answer = await hqExchange(config, HQ_PUSH_PATH, {
      method: 'POST',
      body: batch,
      timeoutMs,
      ...(cancel ? { cancel } : {}),
    });
  } catch (err) {
    if (err instanceof AppError) throw new HqRefusal(err.code, err.message, null);
    throw err;
  }
  if (answer.ok) return answer.body as PushAck;
  const r = hqRefusalOf(answer);
  throw new HqRefusal(r.code, r.message, (r.details.ack as PushAck | undefined) ?? null);
}

export class HqPusher {
  private readonly o: Resolved;
  private readonly loop: RetryLoop;
  private lastSentAt = 0;
  // Where the batch in flight started: a gap answer is only news when HQ's position differs from it.
  private sentFrom = 0;

  constructor(
    private readonly store: Store,
    options: HqPushOptions,
  ) {
    this.o = { ...PUSH_DEFAULTS, ...options };
    this.loop = new RetryLoop({
      name: 'hq-push',
      minBackoffMs: this.o.minBackoffMs,
      maxBackoffMs: this.o.maxBackoffMs,
      step: (signal) => this.step(signal),
      onError: (err) => this.failed(err),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Looks at the journal now rather than at the next poll (e.g. right after a sale). */
  kick(): void {
    this.loop.kick();
  }

  /** Aborts a request in flight, so closing the station never waits for a slow HQ. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  status(): HqPushStatus {
    return hqPushStatus(this.store, this.o);
  }

  private saveAck(ack: PushAck, sealSeq: number): void {
    this.store.run(
      `UPDATE hq_push_state SET acked_seq = ?, acked_at = ?, seal_seq = max(seal_seq, ?), last_attempt_at = ?,
         last_error_code = NULL, last_error = NULL, flagged = ? WHERE id = 1`,
      ack.lastSeq,
      this.store.now(),
      sealSeq,
      this.store.now(),
      ack.flagged,
    );
  }

  private saveError(err: unknown): void {
    const code = err instanceof AppError ? err.code : 'HQ_UNREACHABLE';
    const message = err instanceof Error ? err.message : String(err);
    const ack = err instanceof HqRefusal ? err.ack : null;
    this.store.run(
      `UPDATE hq_push_state SET last_attempt_at = ?, last_error_code = ?, last_error = ?,
         acked_seq = coalesce(?, acked_seq), flagged = coalesce(?, flagged) WHERE id = 1`,
      this.store.now(),
      code,
      message,
      ack?.lastSeq ?? null,
      ack?.flagged ?? (code === 'HQ_SHOP_FLAGGED' ? message : null),
    );
  }

  /** One batch, when one is due; how long to wait before the next look. */
  private async step(signal: AbortSignal): Promise<number> {
    const state = readState(this.store);
    const head = journalHead(this.store)?.seq ?? 0;
    const due =
      this.lastSentAt === 0 || head !== state.acked_seq || Date.now() - this.lastSentAt >= this.o.heartbeatMs;
    if (!due) return this.o.pollMs;
    const batch = await readPushBatch(
      this.store,
      state.acked_seq,
      this.o.batchSize,
      this.o.sliceSize,
      state.seal_seq,
    );
    if (!this.loop.active) return 0;
    this.lastSentAt = Date.now();
    this.sentFrom = state.acked_seq;
    const ack = await postBatch(this.o, batch, this.o.requestTimeoutMs, signal);
    if (!this.loop.active) return 0;
    this.saveAck(ack, batch.seals.at(-1)?.seq ?? 0);
    // A full batch means more is waiting: go on at once.
    return batch.entries.length < this.o.batchSize ? this.o.pollMs : 0;
  }

  private failed(err: unknown): boolean {
    this.saveError(err);
    // HQ holds less than we thought (its answer moved the cursor back): resend from there at once.
    return (
      err instanceof HqRefusal &&
      err.code === 'HQ_SEQUENCE_GAP' &&
      err.ack !== null &&
      err.ack.lastSeq !== this.sentFrom
    );
  }
}

/**
 * The push configuration from the environment (SOUK_HQ_URL, SOUK_SHOP_ID, SOUK_HQ_KEY, SOUK_HQ_FINGERPRINT for
 * https://), for hosts without
 * a command line of their own (the Electron shell); null when the shop is not part of a chain.
 */
export function hqPushConfigFromEnv(env: NodeJS.ProcessEnv): HqPushConfig | null {
  const url = env.SOUK_HQ_URL;
  const shopId = env.SOUK_SHOP_ID;
  const key = env.SOUK_HQ_KEY;
  if (!url || !shopId || !key) return null;
  // Not checked here: the host decides whether a URL the rule refuses stops it (the station's command line)
  // or is shown to the manager as the push's error (the shell: the till must open whatever the setting).
  return { url, shopId, key, fingerprint: env.SOUK_HQ_FINGERPRINT ?? null };
}

/** Starts pushing when configured (station, Electron main); null for a shop without HQ. */
export function startHqPush(store: Store, options: HqPushOptions | null | undefined): HqPusher | null {
  if (!options) return null;
  const pusher = new HqPusher(store, options);
  pusher.start();
  return pusher;
}
