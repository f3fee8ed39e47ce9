import { AppError } from '../core/errors';
import type { PushAck, PushBatch, PushEntry, PushSeal } from '../core/hq-wire';
import { coveredRecord, entryHashText, HASH_VERSION, recordRowsDigestText } from '../core/journal-chain';
import { inTx, type Client, type Pool } from './db';
import { flagShop } from './flags';
import { sha256 } from './sha256';

interface ShopState {
  last_seq: number;
  last_hash: string;
  last_hv: number;
  flag_reason: string | null;
  held_at: number | null;
}

/** What one push did; `refusal` is the typed error the HTTP layer answers with, after the commit. */
export interface IngestResult {
  ack: PushAck;
  refusal: AppError | null;
}

/** Whether the rows the shop sent hash to the digest its entry recorded (null: the entry covers none). */
function rowsMatch(e: PushEntry): boolean | null {
  if (e.digest === null) return null;
  const rec = coveredRecord(e.ref);
  if (!rec || !e.rows) return false;
  const text = recordRowsDigestText(rec.type, e.rows);
  return text !== null && sha256(text) === e.digest;
}

/**
 * Takes one shop's batch in one transaction, the shop's row locked so two pushes of one shop (a retry
 * racing the original) run one after the other. Entries HQ holds are compared (same seq, same hash: a
 * duplicate, acknowledged; another hash: the shop's history was rewritten). The next entries must chain on
 * HQ's last (link, hash, format); the first that does not stops the batch. Whatever was accepted before a
 * refusal is committed, with any flag, so the shop resumes from `lastSeq` and the finding is kept.
 */
export async function ingestBatch(pool: Pool, shopId: string, batch: PushBatch): Promise<IngestResult> {
  return inTx(pool, async (c) => {
    const shop = (
      await c.query<ShopState>(
        'SELECT last_seq, last_hash, last_hv, flag_reason, held_at FROM hq_shops WHERE id = $1 FOR UPDATE',
        [shopId],
      )
    ).rows[0];
    if (!shop) throw new AppError('UNAUTHENTICATED', 'Unknown shop');
    const now = Date.now();
    let { last_seq: lastSeq, last_hash: lastHash, last_hv: lastHv } = shop;
    if (shop.held_at !== null) {
      // Held by a conflicting history (hq/flags.ts): nothing is taken until an HQ admin clears the flag,
      // even if the shop's file agrees again. Its head is kept for the flags page; HQ's position is sent back.
      await c.query(
        'UPDATE hq_shops SET reported_seq = $2, reported_hash = $3, last_push_at = $4 WHERE id = $1',
        [shopId, batch.head?.seq ?? null, batch.head?.hash ?? null, now],
      );
      return {
        ack: { lastSeq, lastHash, accepted: 0, duplicates: 0, flagged: shop.flag_reason },
        refusal: new AppError(
          'HQ_SHOP_FLAGGED',
          `${shop.flag_reason ?? 'flagged'}; pushes are held until an HQ admin clears the flag`,
          { heldAt: shop.held_at, lastSeq },
        ),
      };
    }
    let accepted = 0;
    let duplicates = 0;
    let refusal: AppError | null = null;
    // A history that conflicts with HQ's copy cannot be taken (refused); a finding on entries that do
    // chain (edited rows, a seal HQ's chain does not hold) is flagged and the entries are still kept.
    const flag = async (
      reason: string,
      seq: number | null,
      details: Record<string, unknown>,
      refuse = true,
    ) => {
      await flagShop(c, shopId, reason, seq, details, refuse);
      if (refuse) refusal ??= new AppError('HQ_SHOP_FLAGGED', reason, { seq, ...details });
    };
    const note: Flag = (reason, seq, details) => flag(reason, seq, details, false);

    if (batch.head) {
      if (batch.head.seq < lastSeq) {
        await flag(
          `journal truncated: the shop's head is entry ${batch.head.seq}, HQ holds up to ${lastSeq}`,
          batch.head.seq,
          {
            headSeq: batch.head.seq,
            hqSeq: lastSeq,
            expected: { seq: lastSeq, hash: lastHash },
            received: { seq: batch.head.seq, hash: batch.head.hash },
          },
        );
      } else if (batch.head.seq > 0 && batch.head.seq <= lastSeq) {
        const held = await heldHashes(c, shopId, [batch.head.seq]);
        if (held.get(batch.head.seq) !== batch.head.hash) {
          await flag(
            `journal rewritten: entry ${batch.head.seq} differs from the one HQ holds`,
            batch.head.seq,
            {
              headSeq: batch.head.seq,
              expected: { seq: batch.head.seq, hash: held.get(batch.head.seq) ?? '' },
              received: { seq: batch.head.seq, hash: batch.head.hash },
            },
          );
        }
      }
    }

    const old = batch.entries.filter((e) => e.seq <= lastSeq);
    if (old.length > 0) {
      const held = await heldHashes(
        c,
        shopId,
        old.map((e) => e.seq),
      );
      for (const e of old) {
        if (held.get(e.seq) === e.hash && e.hash === sha256(entryHashText(e.prev_hash, e))) duplicates++;
        else {
          await flag(`journal rewritten: entry ${e.seq} differs from the one HQ holds`, e.seq, {
            expected: { seq: e.seq, hash: held.get(e.seq) ?? '' },
            received: { seq: e.seq, hash: e.hash },
          });
          break;
        }
      }
    }

    const fresh: (PushEntry & { rows_ok: boolean | null })[] = [];
    for (const e of refusal ? [] : batch.entries.filter((x) => x.seq > lastSeq)) {
      if (e.seq !== lastSeq + 1) {
        refusal = new AppError(
          'HQ_SEQUENCE_GAP',
          `HQ holds up to entry ${lastSeq}; entry ${e.seq} does not follow`,
          {
            lastSeq,
            seq: e.seq,
          },
        );
        break;
      }
      if (e.prev_hash !== lastHash) {
        await flag(
          `journal rewritten: entry ${e.seq} does not link to entry ${lastSeq} as HQ holds it`,
          e.seq,
          { expected: { seq: lastSeq, hash: lastHash }, received: { seq: e.seq - 1, hash: e.prev_hash } },
        );
        break;
      }
      if (e.hv < lastHv || e.hv > HASH_VERSION || e.hash !== sha256(entryHashText(lastHash, e))) {
        // The shop's own chain is broken here (an edited entry left with its old hash): kept as a finding.
        await flag(`journal broken: entry ${e.seq} does not match its own hash`, e.seq, {
          expected: { seq: e.seq, hash: sha256(entryHashText(lastHash, e)) },
          received: { seq: e.seq, hash: e.hash },
        });
        refusal = new AppError('HQ_CHAIN_BROKEN', `entry ${e.seq} does not match its hash`, {
          seq: e.seq,
          lastSeq,
        });
        break;
      }
      fresh.push({ ...e, rows_ok: rowsMatch(e) });
      lastSeq = e.seq;
      lastHash = e.hash;
      lastHv = e.hv;
    }

    if (fresh.length > 0) {
      // One statement for the batch: a shop catching up after days offline sends thousands of entries.
      await c.query(
        `INSERT INTO hq_events (shop_id, seq, at, user_id, kind, ref, payload, payload_text, rows, rows_ok,
           rows_head, prev_hash, hash, hv, digest, received_at)
         SELECT $1, e.seq, e.at, e.user_id, e.kind, e.ref, e.payload::jsonb, e.payload, e.rows, e.rows_ok,
           CASE WHEN e.rows_ok = false THEN $3::bigint END, e.prev_hash, e.hash, e.hv, e.digest, $2
         FROM jsonb_to_recordset($4::jsonb) AS e(seq bigint, at bigint, user_id int, kind text, ref text,
           payload text, rows jsonb, rows_ok boolean, prev_hash text, hash text, hv int, digest text)`,
        [shopId, now, batch.head?.seq ?? lastSeq, JSON.stringify(fresh)],
      );
      accepted = fresh.length;
    }
    await c.query(
      `UPDATE hq_shops SET last_seq = $2, last_hash = $3, last_hv = $4, reported_seq = $5, last_push_at = $6,
         reported_hash = $7
       WHERE id = $1`,
      [shopId, lastSeq, lastHash, lastHv, batch.head?.seq ?? null, now, batch.head?.hash ?? null],
    );
    await checkEditedRows(c, shopId, lastSeq, note);
    await takeSeals(c, shopId, batch.seals, now, note);

    const flagged =
      (
        await c.query<{ flag_reason: string | null }>('SELECT flag_reason FROM hq_shops WHERE id = $1', [
          shopId,
        ])
      ).rows[0]?.flag_reason ?? null;
    return { ack: { lastSeq, lastHash, accepted, duplicates, flagged }, refusal };
  });
}

async function heldHashes(c: Client, shopId: string, seqs: number[]): Promise<Map<number, string>> {
  const { rows } = await c.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM hq_events WHERE shop_id = $1 AND seq = ANY($2::bigint[])',
    [shopId, seqs],
  );
  return new Map(rows.map((r) => [r.seq, r.hash]));
}

type Flag = (reason: string, seq: number | null, details: Record<string, unknown>) => Promise<void>;

/**
 * Rows that do not hash to their entry's digest are legitimate only when the record changed later with an
 * entry of its own (a void after the sale, a payment after the statement): the shop read the rows and its
 * head in one snapshot, so that entry is at most `rows_head`. Once HQ holds up to rows_head and no such
 * entry came, the rows were edited under the journal.
 */
async function checkEditedRows(c: Client, shopId: string, lastSeq: number, flag: Flag): Promise<void> {
  const { rows } = await c.query<{ seq: number; ref: string }>(
    `SELECT e.seq, e.ref FROM hq_events e
     WHERE e.shop_id = $1 AND e.rows_ok = false AND e.rows_head <= $2
       AND NOT EXISTS (SELECT 1 FROM hq_events l WHERE l.shop_id = e.shop_id AND l.ref = e.ref
                       AND l.seq > e.seq AND l.seq <= e.rows_head)
     ORDER BY e.seq LIMIT 1`,
    [shopId, lastSeq],
  );
  const bad = rows[0];
  if (!bad) return;
  await flag(`rows edited: ${bad.ref} no longer matches journal entry ${bad.seq}`, bad.seq, { ref: bad.ref });
  // Found once: the entry keeps its rows, marked so the check does not report it again.
  await c.query('UPDATE hq_events SET rows_head = NULL WHERE shop_id = $1 AND seq = $2', [shopId, bad.seq]);
}

/**
 * Seals are kept as the shop sent them and checked against HQ's chain as soon as HQ holds their entry: a
 * seal whose hash is not HQ's entry means the chain the Z vouched for is not the one HQ received.
 */
async function takeSeals(
  c: Client,
  shopId: string,
  seals: PushSeal[],
  now: number,
  flag: Flag,
): Promise<void> {
  if (seals.length > 0) {
    const { rows: clashes } = await c.query<{ seq: number }>(
      `WITH s AS (SELECT * FROM jsonb_to_recordset($2::jsonb)
                    AS s(seq bigint, hash text, till text, session int, at bigint)),
            ins AS (INSERT INTO hq_seals (shop_id, seq, hash, till, session, at, received_at, status)
                    SELECT $1, s.seq, s.hash, s.till, s.session, s.at, $3, 'pending' FROM s
                    ON CONFLICT (shop_id, seq) DO NOTHING)
       SELECT s.seq FROM s JOIN hq_seals h ON h.shop_id = $1 AND h.seq = s.seq AND h.hash <> s.hash`,
      [shopId, JSON.stringify(seals), now],
    );
    if (clashes[0]) {
      await flag(
        `seal rewritten: the seal at entry ${clashes[0].seq} differs from the one HQ holds`,
        clashes[0].seq,
        {},
      );
    }
  }
  const { rows } = await c.query<{ seq: number; status: string }>(
    `UPDATE hq_seals s SET status = CASE WHEN e.hash = s.hash THEN 'ok' ELSE 'mismatch' END
     FROM hq_events e WHERE s.shop_id = $1 AND s.status = 'pending' AND e.shop_id = s.shop_id AND e.seq = s.seq
     RETURNING s.seq, s.status`,
    [shopId],
  );
  const bad = rows.find((r) => r.status === 'mismatch');
  if (bad) await flag(`seal mismatch: the Z seal at entry ${bad.seq} is not HQ's entry`, bad.seq, {});
}
