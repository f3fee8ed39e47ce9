import { z } from 'zod';
import { HASH_VERSION } from '../core/journal-chain';

/** The push body (core/hq-wire.ts PushBatch), checked before anything touches the database. */
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
const seq = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const epochMs = z.number().int().nonnegative().max(8.64e15);

const isRow = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * A record's rows by part: each part null, one row or a list of rows. Checked by hand: a batch carries a few
 * thousand rows, and zod's record-of-union costs about half a millisecond per entry, more than the insert.
 */
const rows = z
  .custom<Record<string, Record<string, unknown> | Record<string, unknown>[] | null>>(
    (v) =>
      isRow(v) &&
      Object.values(v as object).every(
        (part) => part === null || isRow(part) || (Array.isArray(part) && part.every(isRow)),
      ),
    'the rows of the record, by part: null, a row or a list of rows',
  )
  .nullable();

export const pushEntrySchema = z.object({
  seq,
  at: epochMs,
  user_id: z.number().int().nullable(),
  kind: z.string().min(1).max(100),
  ref: z.string().max(200),
  payload: z
    .string()
    .max(1_000_000)
    .refine((s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    }, 'JSON text'),
  prev_hash: hash,
  hash,
  hv: z.number().int().min(1).max(HASH_VERSION),
  digest: hash.nullable(),
  rows,
});

export const pushSealSchema = z.object({
  seq,
  hash,
  till: z.string().min(1).max(100),
  session: z.number().int().nonnegative(),
  at: epochMs,
});

export const pushBatchSchema = z.object({
  head: z.object({ seq: z.number().int().nonnegative(), hash }).nullable(),
  entries: z
    .array(pushEntrySchema)
    .max(2000)
    .refine(
      (es) => es.every((e, i) => i === 0 || e.seq === es[i - 1]!.seq + 1),
      'entries in order, without gaps',
    ),
  seals: z.array(pushSealSchema).max(10_000),
});

export const registerShopSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -'),
  name: z.string().min(1).max(200),
  key: z.string().min(16).max(200),
});
