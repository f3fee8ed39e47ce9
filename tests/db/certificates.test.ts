import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { productLabel } from '../../api/labels';
import { MIGRATIONS } from '../../db/migrations';
import { sql as certificatesSql } from '../../db/migrations/015-certificates';
import { openDatabase } from '../../db/open';
import {
  certificateDocument,
  certificateWarnings,
  createCertificate,
  expiringCertificates,
  listCertificates,
  productCertificates,
  updateCertificate,
  uploadCertificateDocument,
} from '../../db/services/certificates';
import { Store } from '../../db/store';
import { makeFixture } from './fixture';

type Fx = ReturnType<typeof makeFixture>;
let fx: Fx | null = null;
afterEach(() => {
  fx?.close();
  fx = null;
});
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'no error';
};

// The fixture's clock is 2026-11-02 (Casablanca).
describe('certificates behind quality labels', () => {
  it('an expired certificate is never printed and is flagged; a renewal clears it', () => {
    fx = makeFixture();
    const { oil, amlou } = fx.products;
    // The fixture's products claim "organic" without a certificate (entered before certificates): printed.
    expect(productLabel(fx.store, fx.asManager, oil.id, null).qualityLabels).toEqual(['organic']);
    const cert = createCertificate(fx.store, fx.asManager, {
      cooperativeId: fx.coops.argan.id,
      kind: 'organic',
      number: 'ECOCERT-MA-2024-118',
      body: 'Ecocert Maroc',
      validFrom: '2024-11-01',
      validTo: '2026-10-31',
      productIds: [oil.id],
    });
    expect(cert.status).toBe('expired');
    expect(productLabel(fx.store, fx.asManager, oil.id, null).qualityLabels).toEqual([]);
    expect(certificateWarnings(fx.store, [oil.id, amlou.id])).toEqual([
      {
        productId: oil.id,
        certificateId: cert.id,
        kind: 'organic',
        status: 'expired',
        validTo: '2026-10-31',
      },
    ]);
    // The certificate names the oil only: the amlou's claim is untouched.
    expect(productLabel(fx.store, fx.asManager, amlou.id, null).qualityLabels).toEqual(['organic']);

    const renewed = updateCertificate(fx.store, fx.asManager, cert.id, {
      validFrom: '2026-11-01',
      validTo: '2028-10-31',
    });
    expect(renewed.status).toBe('valid');
    expect(productLabel(fx.store, fx.asManager, oil.id, null).qualityLabels).toEqual(['organic']);
    expect(certificateWarnings(fx.store, [oil.id])).toEqual([]);
  });

  it('a not-yet-valid certificate is left off; a valid one beside an expired one keeps the sign', () => {
    fx = makeFixture();
    const { honeyKg } = fx.products;
    const base = {
      cooperativeId: fx.coops.honey.id,
      kind: 'igp',
      number: 'IGP-12',
      productIds: [honeyKg.id],
    };
    const future = createCertificate(fx.store, fx.asManager, {
      ...base,
      validFrom: '2027-01-01',
      validTo: '2029-12-31',
    });
    expect(future.status).toBe('not_yet_valid');
    expect(productLabel(fx.store, fx.asManager, honeyKg.id, null).qualityLabels).not.toContain('igp');
    createCertificate(fx.store, fx.asManager, { ...base, validFrom: '2025-01-01', validTo: '2026-12-31' });
    expect(productLabel(fx.store, fx.asManager, honeyKg.id, null).qualityLabels).toContain('igp');
    expect(productCertificates(fx.store, [honeyKg.id]).get(honeyKg.id)?.warnings).toEqual([]);
  });

  it('an ONSSA authorisation without products covers every product of its cooperative', () => {
    fx = makeFixture();
    const onssa = createCertificate(fx.store, fx.asManager, {
      cooperativeId: fx.coops.argan.id,
      kind: 'onssa',
      number: 'AS.08.123.2020',
      body: 'ONSSA',
      validFrom: '2020-03-01',
      validTo: '2026-11-20',
    });
    const { oil, amlou, honeyKg } = fx.products;
    expect(certificateWarnings(fx.store, [oil.id, amlou.id, honeyKg.id])).toEqual([]);
    expect(expiringCertificates(fx.store, 30).map((c) => [c.id, c.daysLeft])).toEqual([[onssa.id, 18]]);
    expect(expiringCertificates(fx.store, 10)).toEqual([]);
    fx.setClock(Date.UTC(2026, 10, 21, 9));
    expect(
      certificateWarnings(fx.store, [oil.id, amlou.id, honeyKg.id]).map((w) => [w.productId, w.status]),
    ).toEqual([
      [oil.id, 'expired'],
      [amlou.id, 'expired'],
    ]);
  });

  it('a scanned document is checked by its bytes and size, and given back whole', () => {
    fx = makeFixture();
    const c = createCertificate(fx.store, fx.asManager, { cooperativeId: fx.coops.argan.id, kind: 'aop' });
    expect(c.status).toBe('to_complete');
    const pdf = Buffer.from('%PDF-1.4\n% a scan\n%%EOF\n');
    const fake = Buffer.from('MZ not a pdf');
    const up = (mime: string, b: Buffer) => () =>
      uploadCertificateDocument(fx!.store, fx!.asManager, c.id, {
        name: 'aop.pdf',
        mime,
        base64: b.toString('base64'),
      });
    expect(code(up('application/pdf', fake))).toBe('CERTIFICATE_DOCUMENT_REJECTED');
    expect(code(up('image/png', pdf))).toBe('CERTIFICATE_DOCUMENT_REJECTED');
    const big = Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]);
    expect(code(up('application/pdf', big))).toBe('CERTIFICATE_DOCUMENT_REJECTED');
    expect(up('application/pdf', pdf)().document).toEqual({
      name: 'aop.pdf',
      mime: 'application/pdf',
      bytes: pdf.length,
    });
    expect(Buffer.from(certificateDocument(fx.store, c.id).base64, 'base64').equals(pdf)).toBe(true);
    expect(
      code(() =>
        updateCertificate(fx!.store, fx!.asManager, c.id, { validFrom: '2026-01-02', validTo: '2026-01-01' }),
      ),
    ).toBe('VALIDATION');
    expect(
      code(() =>
        createCertificate(fx!.store, fx!.asManager, {
          cooperativeId: fx!.coops.argan.id,
          kind: 'igp',
          productIds: [fx!.products.honeyKg.id],
        }),
      ),
    ).toBe('VALIDATION');
  });

  it('the migration turns free-text labels into certificates to complete', () => {
    fx = makeFixture();
    const { oil, amlou, honeyKg } = fx.products;
    fx.db.prepare(`UPDATE products SET quality_labels = '["organic","igp"]' WHERE id = ?`).run(honeyKg.id);
    // Back to the schema before certificates, as a shop's database is when it upgrades, and that migration run
    // again on it (directly: winding user_version back would also re-run the migrations that came after it).
    fx.db.exec('DROP TABLE certificate_products; DROP TABLE certificates;');
    expect(MIGRATIONS).toContain(certificatesSql);
    fx.db.transaction(() => fx!.db.exec(certificatesSql))();
    fx.db.close();
    const db = openDatabase(fx.file);
    onTestFinished(() => {
      db.close();
    });
    const store = new Store(db, { tillId: 'T1', now: () => Date.UTC(2026, 10, 2, 9) });
    const certs = listCertificates(store).map((c) => [
      c.cooperativeId,
      c.kind,
      c.status,
      c.number,
      c.productIds,
    ]);
    expect(certs).toEqual([
      [fx.coops.argan.id, 'organic', 'to_complete', null, [oil.id, amlou.id].sort((a, b) => a - b)],
      [fx.coops.honey.id, 'igp', 'to_complete', null, [honeyKg.id]],
      [fx.coops.honey.id, 'organic', 'to_complete', null, [honeyKg.id]],
    ]);
    // Still printed (what the shop printed until now), flagged until completed.
    expect(productLabel(store, fx.asManager, honeyKg.id, null).qualityLabels).toEqual(['organic', 'igp']);
    expect(certificateWarnings(store, [honeyKg.id]).map((w) => [w.kind, w.status])).toEqual([
      ['igp', 'to_complete'],
      ['organic', 'to_complete'],
    ]);
  });
});
