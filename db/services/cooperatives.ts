import { cooperativeCode } from '../../core/cooperative-code';
import { fail } from '../../core/errors';
import { appendJournal } from '../journal';
import type { Actor, Store } from '../store';
import type { Cooperative } from '../../core/cooperative';

// The shape is core's (core/cooperative.ts), re-exported for the services and handlers that import it from here.
export type { Cooperative };

export type CooperativeInput = Omit<Cooperative, 'id' | 'active'> & { active?: boolean };

interface Row {
  id: number;
  name_fr: string;
  name_ar: string;
  registration_no: string | null;
  ice: string | null;
  region: string;
  womens: number;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  bank_name: string | null;
  bank_account: string | null;
  commission_bp: number;
  active: number;
}

const toCoop = (r: Row): Cooperative => ({
  id: r.id,
  nameFr: r.name_fr,
  nameAr: r.name_ar,
  registrationNo: r.registration_no,
  ice: r.ice,
  region: r.region,
  womens: r.womens === 1,
  contactName: r.contact_name,
  phone: r.phone,
  email: r.email,
  bankName: r.bank_name,
  bankAccount: r.bank_account,
  commissionBp: r.commission_bp,
  active: r.active === 1,
});

export function listCooperatives(store: Store): Cooperative[] {
  return store.all<Row>('SELECT * FROM cooperatives ORDER BY name_fr').map(toCoop);
}

export function getCooperative(store: Store, id: number): Cooperative {
  const r = store.get<Row>('SELECT * FROM cooperatives WHERE id = ?', id);
  if (!r) fail('NOT_FOUND', `No cooperative with id ${id}.`, { cooperativeId: id });
  return toCoop(r);
}

/**
 * `hqCode`: the cooperative comes down from HQ's catalogue under that chain code (db/services/hq-catalog-pull.ts).
 * The journal entry carries the chain code either way, so HQ files the shop's cooperative under the chain's.
 */
export function createCooperative(
  store: Store,
  actor: Actor | null,
  input: CooperativeInput,
  options: { hqCode?: string } = {},
): Cooperative {
  return store.tx(() => {
    const { lastInsertRowid: id } = store.run(
      `INSERT INTO cooperatives (name_fr, name_ar, registration_no, ice, region, womens, contact_name, phone, email,
         bank_name, bank_account, commission_bp, active, created_at, origin, hq_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.nameFr,
      input.nameAr,
      input.registrationNo,
      input.ice,
      input.region,
      input.womens ? 1 : 0,
      input.contactName,
      input.phone,
      input.email,
      input.bankName,
      input.bankAccount,
      input.commissionBp,
      input.active === false ? 0 : 1,
      store.now(),
      options.hqCode === undefined ? 'local' : 'hq',
      options.hqCode ?? null,
    );
    appendJournal(store, {
      userId: actor?.userId ?? null,
      kind: 'coop.create',
      ref: `coop:${id}`,
      payload: { ...input, code: options.hqCode ?? cooperativeCode(input) },
    });
    return getCooperative(store, id);
  });
}

export function updateCooperative(
  store: Store,
  actor: Actor,
  input: Partial<CooperativeInput> & { id: number },
): Cooperative {
  return store.tx(() => {
    const current = getCooperative(store, input.id);
    const next = { ...current, ...input };
    store.run(
      `UPDATE cooperatives SET name_fr = ?, name_ar = ?, registration_no = ?, ice = ?, region = ?, womens = ?,
         contact_name = ?, phone = ?, email = ?, bank_name = ?, bank_account = ?, commission_bp = ?, active = ?
       WHERE id = ?`,
      next.nameFr,
      next.nameAr,
      next.registrationNo,
      next.ice,
      next.region,
      next.womens ? 1 : 0,
      next.contactName,
      next.phone,
      next.email,
      next.bankName,
      next.bankAccount,
      next.commissionBp,
      next.active ? 1 : 0,
      input.id,
    );
    appendJournal(store, {
      userId: actor.userId,
      kind: 'coop.update',
      ref: `coop:${input.id}`,
      payload: input,
    });
    return getCooperative(store, input.id);
  });
}
