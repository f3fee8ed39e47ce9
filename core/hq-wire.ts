import type { ErrorCode } from './errors';
import type { JournalRow, RecordRows } from './journal-chain';

/**
 * What a shop station sends HQ and what HQ answers (hq/ingest.ts validates it, db/services/hq-push.ts
 * builds it). One shop, entries in journal order, each with the rows of the record it names as the shop
 * has them when it reads the batch.
 */
export const HQ_PUSH_PATH = '/hq/v1/push';
export const HQ_SHOPS_PATH = '/hq/v1/shops';
/** Header naming the shop; the key goes in `authorization: Bearer <key>`. */
export const HQ_SHOP_HEADER = 'x-souk-shop';

export interface PushEntry extends JournalRow {
  rows: RecordRows | null;
}

/** A Z seal (db/services/seals.ts) as HQ keeps it: the journal's head at a close. */
export interface PushSeal {
  seq: number;
  hash: string;
  till: string;
  session: number;
  at: number;
}

export interface PushBatch {
  /** The shop's journal head when it read this batch (null: an empty journal). */
  head: { seq: number; hash: string } | null;
  entries: PushEntry[];
  seals: PushSeal[];
}

export interface PushAck {
  /** Entries 1..lastSeq are all at HQ and chained: the shop resumes after it. */
  lastSeq: number;
  lastHash: string;
  accepted: number;
  duplicates: number;
  /** Why HQ flagged this shop, when it has. */
  flagged: string | null;
}

/** Where the shop's push to HQ stands, for the manager (hq.status). */
export interface HqPushStatus {
  configured: boolean;
  url: string | null;
  shopId: string | null;
  /** The last entry HQ confirmed holding. */
  ackedSeq: number;
  ackedAt: number | null;
  /** The shop's journal head now; lag = headSeq - ackedSeq entries not yet at HQ. */
  headSeq: number;
  lag: number;
  lastAttemptAt: number | null;
  lastError: { code: ErrorCode; message: string } | null;
  /** Why HQ flagged this shop, if it has. */
  flagged: string | null;
}
