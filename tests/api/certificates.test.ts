import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type Station } from '../../server/station';
import { makeFixture } from '../db/fixture';
import { postApi } from '../helpers/api-call';
import { flatText } from '../documents/pdf-text';

/** This file's calls name the station they go to. */
const post = (station: Station, method: string, input: unknown, token?: string) =>
  postApi(station.url, method, input, token);

/** Certificates over HTTP: receiving and label sheets flag an expired one, the sheet leaves it off. */
describe('certificates at the station', () => {
  let fx: ReturnType<typeof makeFixture>;
  let station: Station;
  let manager: string;
  let cashier: string;
  beforeAll(async () => {
    fx = makeFixture();
    fx.db.close();
    station = await startStation({ dbFile: fx.file, port: 0, staticDir: null, validateOutput: true });
    manager = (await post(station, 'auth.login', { userId: fx.users.manager.id, pin: '2468' })).result.token;
    cashier = (await post(station, 'auth.login', { userId: fx.users.cashier.id, pin: '1357' })).result.token;
  }, 60_000);
  afterAll(async () => {
    await station?.close();
  });

  it('a cashier cannot record certificates', async () => {
    const r = await post(
      station,
      'certificates.create',
      { cooperativeId: fx.coops.argan.id, kind: 'organic' },
      cashier,
    );
    expect(r.error?.code).toBe('FORBIDDEN');
  });

  it(
    'an expired certificate is flagged at receiving, left off the label sheet, and a renewal clears it',
    { timeout: 180_000 },
    async () => {
      const oil = fx.products.oil.id;
      const created = await post(
        station,
        'certificates.create',
        {
          cooperativeId: fx.coops.argan.id,
          kind: 'organic',
          number: 'ECOCERT-MA-118',
          body: 'Ecocert',
          validFrom: '2020-01-01',
          validTo: '2021-12-31',
          productIds: [oil],
        },
        manager,
      );
      expect(created.ok, JSON.stringify(created.error)).toBe(true);
      expect(created.result.status).toBe('expired');
      const received = await post(
        station,
        'stock.receive',
        {
          clientId: 'cert-delivery-1',
          cooperativeId: fx.coops.argan.id,
          noteRef: 'BL-9',
          lines: [{ productId: oil, quantity: 5000 }],
        },
        manager,
      );
      expect(received.ok, JSON.stringify(received.error)).toBe(true);
      expect(received.result.warnings).toEqual([
        {
          productId: oil,
          certificateId: created.result.id,
          kind: 'organic',
          status: 'expired',
          validTo: '2021-12-31',
        },
      ]);
      const flags = await post(
        station,
        'certificates.flags',
        { productIds: [oil, fx.products.amlou.id] },
        cashier,
      );
      expect(flags.result.map((w: { productId: number }) => w.productId)).toEqual([oil]);

      const sheet = async () => {
        const r = await post(
          station,
          'labels.sheet',
          { items: [{ productId: oil, copies: 1 }], layout: '3x8' },
          manager,
        );
        expect(r.ok, JSON.stringify(r.error)).toBe(true);
        return {
          text: flatText(Buffer.from(r.result.pdfBase64 as string, 'base64')),
          warnings: r.result.warnings,
        };
      };
      const expired = await sheet();
      expect(expired.text).toContain("Huile d'argan");
      expect(expired.text).not.toContain('Bio');
      expect(expired.warnings.map((w: { status: string }) => w.status)).toEqual(['expired']);

      const renewed = await post(
        station,
        'certificates.update',
        { id: created.result.id, validFrom: '2025-01-01', validTo: '2099-12-31' },
        manager,
      );
      expect(renewed.result.status).toBe('valid');
      const valid = await sheet();
      expect(valid.text).toContain('Bio');
      expect(valid.warnings).toEqual([]);
      const again = await post(
        station,
        'stock.receive',
        {
          clientId: 'cert-delivery-2',
          cooperativeId: fx.coops.argan.id,
          noteRef: 'BL-10',
          lines: [{ productId: oil, quantity: 5000 }],
        },
        manager,
      );
      expect(again.result.warnings).toEqual([]);
    },
  );
});
