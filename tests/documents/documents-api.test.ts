import { afterAll, describe, expect, it } from 'vitest';
import { sharedChromiumRenderer } from '../../documents/pdf/chromium-renderer';
import { receiveDelivery, returnToCooperative } from '../../db/services/stock';
import { ApiCallError } from '../../renderer/api/client';
import { errorText } from '../../renderer/i18n';
import { useTestStation } from '../helpers/station';
import { browserPids } from './chromium-processes';
import { flatText, lineWith, pdfPages, savePageImages } from './pdf-text';

const DAY = 86_400_000;
let returnId = 0;

const t = useTestStation({
  prepare(f) {
    // A cooperative takes back a whole season: 1,000 lines on one return note.
    receiveDelivery(f.store, f.asManager, {
      clientId: 'season-d1',
      cooperativeId: f.coops.argan.id,
      noteRef: 'BL-900',
      lines: [{ productId: f.products.oil.id, quantity: 2_000_000, lot: 'S26', bestBefore: '2027-09-30' }],
    });
    returnId = returnToCooperative(f.store, f.asManager, {
      clientId: 'season-r1',
      cooperativeId: f.coops.argan.id,
      reason: 'Fin de saison',
      lines: Array.from({ length: 1000 }, () => ({
        productId: f.products.oil.id,
        quantity: 1000,
        lot: 'S26',
      })),
    }).returnId;
  },
});

afterAll(() => sharedChromiumRenderer().close());

const pdfOf = (r: { result?: { pdfBase64: string } }) => Buffer.from(r.result!.pdfBase64, 'base64');

describe('documents through the station’s API, printed by one Chromium', () => {
  it('says how to install Chromium when the station has none (CHROMIUM_MISSING, 503, translated)', async () => {
    const manager = await t.login(t.users.manager.id, '2468');
    const before = process.env.SOUK_CHROMIUM;
    process.env.SOUK_CHROMIUM = '/nonexistent/chromium';
    try {
      const r = await t.call('stock.returnNotePdf', { returnId }, manager);
      expect([r.status, r.code]).toEqual([503, 'CHROMIUM_MISSING']);
      const err = new ApiCallError('CHROMIUM_MISSING', '', {});
      for (const lang of ['fr', 'ar', 'en'] as const)
        expect(errorText(err, lang)).toContain('apt-get install chromium');
    } finally {
      if (before === undefined) delete process.env.SOUK_CHROMIUM;
      else process.env.SOUK_CHROMIUM = before;
    }
  });

  it('prints a 1,000-line return note over many pages while the till’s scans are answered at once', async () => {
    const manager = await t.login(t.users.manager.id, '2468');
    const cashier = await t.login(t.users.cashier.id, '1357');
    // Chromium up first, so the figures below are the document's and not the browser's start.
    expect(
      (
        await t.call(
          'settlements.pdf',
          { cooperativeId: t.coops.honey.id, periodEnd: Date.now() + DAY },
          manager,
        )
      ).ok,
    ).toBe(true);

    let printedAt = 0;
    const started = performance.now();
    const note = t.call('stock.returnNotePdf', { returnId }, manager).then((r) => {
      printedAt = performance.now();
      return r;
    });
    const scans: number[] = [];
    while (printedAt === 0) {
      const s = performance.now();
      const scan = await t.call('products.scan', { code: '6111234567895' }, cashier);
      expect(scan.ok).toBe(true);
      expect(scan.result.product.id).toBe(t.products.oil.id);
      scans.push(performance.now() - s);
    }
    const r = await note;
    expect(r.ok, r.code).toBe(true);
    const took = printedAt - started;
    // The note takes seconds to lay out; scans kept being answered, each quickly (a loaded two-core box).
    expect(took).toBeGreaterThan(1_000);
    expect(scans.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...scans)).toBeLessThan(Math.max(1_500, took / 4));
    console.log(
      `1,000-line return note: ${Math.round(took)} ms; ${scans.length} scans meanwhile, median ${Math.round(
        [...scans].sort((a, b) => a - b)[Math.floor(scans.length / 2)]!,
      )} ms, max ${Math.round(Math.max(...scans))} ms`,
    );

    const pdf = pdfOf(r);
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(20);
    const text = flatText(pdf);
    expect(text).toContain('Coopérative Tighanimine');
    expect(text).toContain('تعاونية تيغانيمين');
    expect(text).toContain("Huile d'argan alimentaire 250 ml");
    expect(text).toContain('زيت الأركان الغذائي');
    expect(text.match(/ARG-250/g)).toHaveLength(1000);
    // 1,000 x 120,00.
    expect(lineWith(pages.join('\n'), '1000 lignes').replace(/\s/g, ' ')).toContain('120 000,00');
    expect(pages[1]!.split('\n').slice(0, 3).join(' ')).toContain(
      `Bon de retour BR-${String(returnId).padStart(5, '0')}`,
    );
    expect(pages[1]).toContain('Quantité');
    savePageImages(pdf, 'api-return-note-1000', 2);
  }, 180_000);

  it('prints the report workers’ statements with the same single browser', async () => {
    const manager = await t.login(t.users.manager.id, '2468');
    expect(t.station.ctx.reports?.stats.workers).toBeGreaterThan(0);
    const offloaded = t.station.ctx.reports!.stats.offloaded;
    const r = await t.call(
      'settlements.pdf',
      { cooperativeId: t.coops.argan.id, periodEnd: Date.now() + DAY },
      manager,
    );
    expect(r.ok, r.code).toBe(true);
    expect(t.station.ctx.reports!.stats.offloaded).toBeGreaterThan(offloaded);
    expect(flatText(pdfOf(r))).toContain('تعاونية تيغانيمين');
    // Arabic first when asked: the page numbers are the Arabic document's.
    const ar = await t.call(
      'settlements.pdf',
      { cooperativeId: t.coops.argan.id, periodEnd: Date.now() + DAY, language: 'ar' },
      manager,
    );
    expect(pdfPages(pdfOf(ar))[0]).toContain('صفحة');
    expect(pdfPages(pdfOf(r))[0]).not.toContain('صفحة');
    const note = await t.call('stock.returnNotePdf', { returnId, language: 'ar' }, manager);
    expect(pdfPages(pdfOf(note))[0]).toContain('صفحة');
    // The worker sent its page to the main thread's Chromium rather than starting one of its own.
    expect(browserPids()).toHaveLength(1);
    expect(sharedChromiumRenderer().launches).toBe(1);
  });

  it('prints the X report on A4 for the back office, in the asker’s language or the one asked for', async () => {
    const manager = await t.login(t.users.manager.id, '2468');
    const fr = await t.call('documents.cashReportPdf', {}, manager);
    expect(fr.ok, fr.code).toBe(true);
    expect(fr.result.fileName).toMatch(/^rapport-x-T1-\d+\.pdf$/);
    const text = flatText(pdfOf(fr));
    expect(text).toContain('RAPPORT X (en cours)');
    expect(text).toContain('Samira');
    expect(text).toContain('Fond de caisse');
    expect(lineWith(pdfPages(pdfOf(fr))[0]!, 'Fond de caisse').replace(/\s/g, ' ')).toContain('500,00');
    const ar = await t.call('documents.cashReportPdf', { language: 'ar' }, manager);
    expect(flatText(pdfOf(ar))).toContain('رصيد الافتتاح');
    const cashier = await t.login(t.users.cashier.id, '1357');
    expect((await t.call('documents.cashReportPdf', {}, cashier)).code).toBe('FORBIDDEN');
    expect((await t.call('documents.cashReportPdf', { sessionId: 999 }, manager)).code).toBe('NOT_FOUND');
  });
});
