import { afterAll, describe, expect, it } from 'vitest';
import { returnNoteHtml } from '../../documents/html/return-note';
import { htmlDocument } from '../../documents/html/page';
import { ChromiumPdfRenderer } from '../../documents/pdf/chromium-renderer';
import { PdfRenderError } from '../../documents/pdf/pdf-renderer';
import { browserPids } from './chromium-processes';
import { flatText, pdfPageCount } from './pdf-text';
import { coop, shop } from './statement-fixtures';

const page = (text: string) => htmlDocument({ lang: 'fr', title: text, body: `<p>${text}</p>` });

function bigNote(n: number): string {
  return returnNoteHtml({
    shop,
    cooperative: { nameFr: coop.nameFr, nameAr: coop.nameAr },
    number: 'BR-9',
    at: Date.UTC(2026, 0, 5, 9),
    reason: 'Fin de saison',
    lines: Array.from({ length: n }, (_, i) => ({
      sku: `SKU-${i}`,
      nameFr: `Savon beldi n°${i}`,
      nameAr: 'الصابون البلدي',
      unit: 'piece' as const,
      quantity: 1000,
      lot: null,
      unitPrice: 2500,
    })),
  });
}

const renderers: ChromiumPdfRenderer[] = [];
function renderer(): ChromiumPdfRenderer {
  const r = new ChromiumPdfRenderer();
  renderers.push(r);
  return r;
}
afterAll(async () => {
  for (const r of renderers) await r.close();
});

describe('the station’s Chromium PDF renderer', () => {
  it('launches one browser on first use, even for two documents asked at once, and reuses it', async () => {
    const r = renderer();
    expect(r.launches).toBe(0);
    const [a, b] = await Promise.all([r.render(page('Premier document')), r.render(page('Second document'))]);
    // Queued, not mixed: each document has its own text only.
    expect(flatText(a)).toContain('Premier document');
    expect(flatText(a)).not.toContain('Second document');
    expect(flatText(b)).toContain('Second document');
    await r.render(page('Troisième'));
    expect(r.launches).toBe(1);
    expect(browserPids()).toHaveLength(1);
    await r.close();
    await expect.poll(() => browserPids(), { timeout: 30_000 }).toEqual([]);
  });

  it('starts a new browser when its browser was killed, between documents and in the middle of one', async () => {
    await expect.poll(() => browserPids(), { timeout: 30_000 }).toEqual([]);
    const r = renderer();
    await r.render(page('Avant'));
    const [first] = browserPids();
    expect(first).toBeDefined();
    process.kill(first!, 'SIGKILL');
    await expect.poll(() => browserPids().includes(first!), { timeout: 30_000 }).toBe(false);
    expect(flatText(await r.render(page('Après')))).toContain('Après');
    expect(r.launches).toBe(2);

    // Killed while it lays out a long note: the same document is printed again on a fresh browser.
    const [second] = browserPids();
    const long = r.render(bigNote(1000));
    process.kill(second!, 'SIGKILL');
    const pdf = await long;
    expect(flatText(pdf)).toContain('SKU-999');
    expect(pdfPageCount(pdf)).toBeGreaterThan(10);
    expect(r.launches).toBe(3);
    await r.close();
  }, 120_000);

  it('keeps this thread free while Chromium lays out a 1,000-line document', async () => {
    const r = renderer();
    await r.render(page('Chauffe'));
    const html = bigNote(1000);
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    await r.render(html);
    const took = performance.now() - started;
    clearInterval(timer);
    // Printing takes seconds; this thread answered its timer throughout (a generous bound for a loaded box).
    expect(took).toBeGreaterThan(500);
    expect(worst).toBeLessThan(Math.min(1_000, took / 2));
  }, 120_000);

  it('says how to get Chromium when there is none (CHROMIUM_MISSING)', async () => {
    const r = new ChromiumPdfRenderer({ executablePath: '/nonexistent/chromium' });
    const err = await r.render(page('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfRenderError);
    expect(err).toMatchObject({ code: 'CHROMIUM_MISSING' });
    expect((err as Error).message).toContain('apt-get install chromium');
    expect((err as Error).message).toContain('SOUK_CHROMIUM');

    const before = process.env.SOUK_CHROMIUM;
    process.env.SOUK_CHROMIUM = '/nonexistent/chrome-too';
    try {
      const viaEnv = await new ChromiumPdfRenderer().render(page('x')).catch((e: unknown) => e);
      expect(viaEnv).toMatchObject({ code: 'CHROMIUM_MISSING' });
      expect((viaEnv as Error).message).toContain('/nonexistent/chrome-too');
    } finally {
      if (before === undefined) delete process.env.SOUK_CHROMIUM;
      else process.env.SOUK_CHROMIUM = before;
    }
  });
});
