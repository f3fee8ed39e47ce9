/**
 * One chain cooperative per real cooperative, whether a shop brought it (its coop.create, hq_coops) or HQ's
 * catalogue names it (hq_catalog_coops, migration 004). A shop's cooperative is the catalogue's when it
 * carries the catalogue's code (it came down with the pull, or was linked to it: coop.link), or when it is the
 * same cooperative by the strongest identity both carry (core/cooperative-code.ts sameCooperative). That chain
 * cooperative keeps the catalogue's code and takes the catalogue's names, region, bank and commission (HQ
 * decides them); chain rows that turn out to be the same cooperative are folded into it, moving their shops
 * and every line no statement has claimed yet. Claimed lines stay where their issued statement put them:
 * an issued statement never changes.
 */
import type pg from 'pg';
import { cooperativeIdentities, sameCooperative, type CooperativeIdentity } from '../core/cooperative-code';

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

export interface CatalogCoopRow {
  code: string;
  name_fr: string;
  name_ar: string;
  registration_no: string | null;
  ice: string | null;
  region: string;
  womens: boolean;
  phone: string | null;
  bank_name: string | null;
  bank_account: string | null;
  commission_bp: number;
}

const identity = (r: { name_fr: string; registration_no: string | null; ice: string | null }) => ({
  nameFr: r.name_fr,
  registrationNo: r.registration_no,
  ice: r.ice,
});

/** The catalogue's cooperative a shop's cooperative is, or null when the catalogue does not know it. */
export async function catalogueCoopFor(
  db: Queryable,
  coop: CooperativeIdentity & { code: string },
): Promise<CatalogCoopRow | null> {
  const exact = await db.query<CatalogCoopRow>('SELECT * FROM hq_catalog_coops WHERE code = $1', [coop.code]);
  if (exact.rows[0]) return exact.rows[0];
  // hq: codes are HQ's own: only the exact one names a catalogue cooperative.
  if (coop.code.startsWith('hq:')) return null;
  const all = await db.query<CatalogCoopRow>('SELECT * FROM hq_catalog_coops ORDER BY code');
  return (
    all.rows.find((c) => cooperativeIdentities(identity(c)).includes(coop.code)) ??
    all.rows.find((c) => sameCooperative(identity(c), coop)) ??
    null
  );
}

/** Moves a chain cooperative's shops and unclaimed lines to another. */
async function fold(db: Queryable, from: number, to: number): Promise<void> {
  await db.query('UPDATE hq_shop_coops SET coop_id = $2 WHERE coop_id = $1', [from, to]);
  await moveLines(db, 'coop_id = $1', [from], to);
}

/** Unclaimed sale and return lines and every stock move matching `where` go to cooperative `to`. */
async function moveLines(db: Queryable, where: string, params: unknown[], to: number): Promise<void> {
  const n = params.length + 1;
  await db.query(
    `UPDATE hq_sale_lines SET coop_id = $${n} WHERE ${where} AND statement_id IS NULL AND void_statement_id IS NULL`,
    [...params, to],
  );
  await db.query(`UPDATE hq_return_lines SET coop_id = $${n} WHERE ${where} AND statement_id IS NULL`, [
    ...params,
    to,
  ]);
  await db.query(`UPDATE hq_stock_moves SET coop_id = $${n} WHERE ${where}`, [...params, to]);
}

/**
 * The chain cooperative of a catalogue cooperative: the row under its code, else the row (rows) the shops
 * made for it, renamed to its code and folded into one. With `create`, a row is made when none exists.
 * Resolves to its id, or null (nothing yet, and not asked to create).
 */
export async function unifyWithCatalogue(
  db: Queryable,
  cat: CatalogCoopRow,
  create: boolean,
  at: number,
): Promise<number | null> {
  // One unification per catalogue cooperative at a time (two shops' projectors, a staff write).
  await db.query('SELECT 1 FROM hq_catalog_coops WHERE code = $1 FOR UPDATE', [cat.code]);
  const ids = cooperativeIdentities(identity(cat));
  const { rows } = await db.query<{
    id: number;
    code: string;
    name_fr: string;
    registration_no: string | null;
    ice: string | null;
  }>('SELECT id, code, name_fr, registration_no, ice FROM hq_coops ORDER BY id');
  const same = rows.filter(
    (r) =>
      r.code === cat.code ||
      (!r.code.startsWith('hq:') && (ids.includes(r.code) || sameCooperative(identity(r), identity(cat)))),
  );
  const target = same.find((r) => r.code === cat.code) ?? same[0];
  if (!target) {
    if (!create) return null;
    const made = await db.query<{ id: number }>(
      `INSERT INTO hq_coops (code, name_fr, name_ar, region, womens, registration_no, ice, bank_name, bank_account,
         phone, commission_bp, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, code, name_fr, registration_no, ice`,
      [
        cat.code,
        cat.name_fr,
        cat.name_ar,
        cat.region,
        cat.womens,
        cat.registration_no,
        cat.ice,
        cat.bank_name,
        cat.bank_account,
        cat.phone,
        cat.commission_bp,
        at,
      ],
    );
    return made.rows[0]!.id;
  }
  for (const other of same) if (other.id !== target.id) await fold(db, other.id, target.id);
  // The chain's code for it from now on, and HQ's word for what it is called and paid.
  await db.query(
    `UPDATE hq_coops SET code = $2, name_fr = $3, name_ar = $4, region = $5, womens = $6, registration_no = $7,
       ice = $8, bank_name = $9, bank_account = $10, phone = $11, commission_bp = $12
     WHERE id = $1`,
    [
      target.id,
      cat.code,
      cat.name_fr,
      cat.name_ar,
      cat.region,
      cat.womens,
      cat.registration_no,
      cat.ice,
      cat.bank_name,
      cat.bank_account,
      cat.phone,
      cat.commission_bp,
    ],
  );
  return target.id;
}

/**
 * A shop linked its cooperative to the catalogue's `code`: its mapping and its unclaimed lines move to the
 * catalogue's chain cooperative. Nothing moves for a code the catalogue does not hold.
 */
export async function linkShopCoop(
  db: Queryable,
  shopId: string,
  localId: number,
  code: string,
  at: number,
): Promise<void> {
  const cat = await db.query<CatalogCoopRow>('SELECT * FROM hq_catalog_coops WHERE code = $1', [code]);
  if (!cat.rows[0]) return;
  const target = (await unifyWithCatalogue(db, cat.rows[0], true, at))!;
  const current = await db.query<{ coop_id: number }>(
    'SELECT coop_id FROM hq_shop_coops WHERE shop_id = $1 AND local_id = $2',
    [shopId, localId],
  );
  if (current.rows[0]?.coop_id === target) return;
  await db.query(
    `INSERT INTO hq_shop_coops (shop_id, local_id, coop_id) VALUES ($1, $2, $3)
     ON CONFLICT (shop_id, local_id) DO UPDATE SET coop_id = EXCLUDED.coop_id`,
    [shopId, localId, target],
  );
  await moveLines(db, 'shop_id = $1 AND coop_local_id = $2', [shopId, localId], target);
}
