import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkout } from '../../db/services/checkout';
import { postBatch, readPushBatch } from '../../db/services/hq-push';
import { startHq, type Hq } from '../../hq/service';
import { makeFixture, uid, type Fixture } from '../db/fixture';
import { describePg, usePostgres } from '../helpers/postgres';
import { headSeq } from './chain-helpers';

const KEY = 'hq-staff-key';

describePg('the chain end to end: shops push over HTTP, HQ projects, settles and serves the portal', () => {
  const pgh = usePostgres();
  let hq: Hq;
  const shops: { id: string; key: string; f: Fixture }[] = [];

  beforeAll(async () => {
    for (const id of ['tanger', 'agadir']) shops.push({ id, key: `${id}-key-0123456789`, f: makeFixture() });
    hq = await startHq({
      db: pgh.current.url,
      port: 0,
      adminKey: KEY,
      shops: shops.map((s) => ({ id: s.id, key: s.key, name: s.id === 'tanger' ? 'Tanger' : 'Agadir' })),
    });
  }, 120_000);
  afterAll(async () => {
    await hq?.close();
    for (const s of shops) s.f.close();
  });

  async function push(s: (typeof shops)[number]): Promise<void> {
    let after = 0;
    for (;;) {
      const batch = await readPushBatch(s.f.store, after, 50, 25, 0);
      if (batch.entries.length === 0) return;
      after = (await postBatch({ url: hq.url, shopId: s.id, key: s.key }, batch, 30_000)).lastSeq;
    }
  }
  const staff = (path: string, body?: unknown) =>
    fetch(hq.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a statement issued over HTTP is what both shops sold, with its SMS texts, CSV and portal page', async () => {
    for (const [i, s] of shops.entries()) {
      for (let n = 0; n <= i; n++) {
        checkout(s.f.store, s.f.asCashier, {
          clientId: uid(),
          lines: [{ productId: s.f.products.oil.id, quantity: 2_000 }],
          payments: [{ method: 'card', amount: 24_000 }],
        });
      }
      s.f.tick(3_600_000);
      await push(s);
    }
    // Projection follows each acknowledged push by itself.
    const state = async () =>
      (await hq.pool.query('SELECT shop_id, projected_seq FROM hq_projection_state ORDER BY shop_id')).rows;
    await expect
      .poll(state, { timeout: 60_000 })
      .toEqual(
        [...shops]
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((s) => ({ shop_id: s.id, projected_seq: headSeq(s.f.store) })),
      );

    expect((await fetch(`${hq.url}/hq/v1/coops`)).status).toBe(401);
    const coops = (await (await staff('/hq/v1/coops')).json()) as { coops: { id: number; code: string }[] };
    const argan = coops.coops.find((c) => c.code === 'reg:200512')!;
    const periodEnd = Math.max(...shops.map((s) => s.f.now()));
    const issued = await staff('/hq/v1/settlements', { coopId: argan.id, periodEnd, issuedBy: 'amina' });
    expect(issued.status).toBe(200);
    const s = (await issued.json()) as {
      id: number;
      number: string;
      totals: { netSales: number; payout: number };
      texts: { fr: string; ar: string };
    };
    expect(s.totals.netSales).toBe(3 * 24_000);
    expect(s.totals.payout).toBe(3 * 18_000);
    expect(s.texts.fr).toContain(`Relevé ${s.number}`);
    expect(s.texts.fr).toContain('Votre part: 540,00 MAD. Pas encore payé.');
    expect(s.texts.ar).toContain('حصتكم: 540,00 MAD');
    const again = await staff('/hq/v1/settlements', { coopId: argan.id, periodEnd, issuedBy: 'amina' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('SETTLEMENT_STATE');
    const bad = await staff('/hq/v1/settlements', { coopId: 'one', periodEnd });
    expect(bad.status).toBe(400);

    const paid = (await (await staff(`/hq/v1/settlements/${s.id}/paid`, { reference: 'VIR-77' })).json()) as {
      texts: { fr: string };
    };
    expect(paid.texts.fr).toMatch(/Payé le \d\d\/\d\d\/\d{4} \(ref\. VIR-77\)\.$/);
    const csv = await (await staff(`/hq/v1/settlements/${s.id}/csv`)).text();
    expect(csv).toContain('Vente;ARG-250;Agadir · ');
    expect(csv).toContain('Vente;ARG-250;Tanger · ');

    const account = await staff('/hq/v1/portal-accounts', {
      login: 'tighanimine',
      password: 'argan-2026!',
      coopId: argan.id,
    });
    expect(account.status).toBe(200);
    const dup = await staff('/hq/v1/portal-accounts', {
      login: 'Tighanimine',
      password: 'other-pass-1',
      coopId: argan.id,
    });
    expect(dup.status).toBe(409);
    const login = await fetch(`${hq.url}/portal/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=tighanimine&password=argan-2026%21',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (
      await fetch(`${hq.url}/portal/statements/${s.id}?lang=fr`, { headers: { cookie } })
    ).text();
    expect(page).toContain(s.number);
    expect(page).toContain('Payé le');
  }, 180_000);
});
