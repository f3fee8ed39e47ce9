import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { returnNoteHtml } from '../../documents/html/return-note';
import { CHROMIUM_ARGS, chromiumPath } from '../../documents/pdf/chromium-renderer';
import { ElectronPdfRenderer, type PrintWindow } from '../../electron/pdf-renderer';
import { flatText, pdfPages } from '../documents/pdf-text';
import { coop, shop } from '../documents/statement-fixtures';

/**
 * A stand-in for the shell's hidden BrowserWindow (the Electron binary cannot run here). Its webContents
 * really loads the file and prints it, with Debian's Chromium through playwright-core, as printToPDF would
 * with the shell's; and it records what the adapter asked of it.
 */
class FakeWindow implements PrintWindow {
  destroyed = false;
  readonly loads: string[] = [];
  readonly prints: Record<string, unknown>[] = [];
  /** Makes the next print fail, as a crashed renderer does. */
  failNextPrint = 0;
  private page: Promise<Page>;

  constructor(
    browser: Browser,
    readonly log: string[],
  ) {
    this.page = browser.newPage();
  }

  webContents = {
    loadURL: async (url: string) => {
      this.log.push(`load ${url}`);
      this.loads.push(readFileSync(fileURLToPath(url), 'utf8'));
      await (await this.page).goto(url);
    },
    printToPDF: async (options: Record<string, unknown>) => {
      this.prints.push(options);
      if (this.failNextPrint > 0) {
        this.failNextPrint--;
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      }
      const pdf = await (await this.page).pdf({ preferCSSPageSize: true, printBackground: true });
      this.log.push('printed');
      return pdf;
    },
  };

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    void this.page.then((p) => p.close());
  }
}

function note(n: number, number = 'BR-7') {
  return returnNoteHtml({
    shop,
    cooperative: { nameFr: coop.nameFr, nameAr: coop.nameAr },
    number,
    at: Date.UTC(2026, 2, 3, 10),
    reason: 'Invendus',
    lines: Array.from({ length: n }, (_, i) => ({
      sku: `MIEL-${i}`,
      nameFr: `Miel de thym ${i}`,
      nameAr: 'عسل الزعتر',
      unit: 'kg' as const,
      quantity: 500,
      lot: 'L1',
      unitPrice: 30_000,
    })),
  });
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});
afterAll(() => browser?.close());

describe('the Electron shell’s PDF renderer (printToPDF in one hidden window)', () => {
  it('prints the page from a private file in one reused window, with the page’s own A4 and margins', async () => {
    const log: string[] = [];
    const windows: FakeWindow[] = [];
    const r = new ElectronPdfRenderer(() => {
      const w = new FakeWindow(browser, log);
      windows.push(w);
      return w;
    });
    const pdf = await r.render(note(60));
    expect(flatText(pdf)).toContain('وصل إرجاع');
    expect(flatText(pdf)).toContain('MIEL-59');
    expect(pdfPages(pdf).length).toBeGreaterThan(1);
    expect(windows).toHaveLength(1);
    expect(windows[0]!.loads[0]).toBe(note(60));
    expect(windows[0]!.prints[0]).toEqual({
      preferCSSPageSize: true,
      printBackground: true,
      generateTaggedPDF: true,
    });
    expect(log[0]).toMatch(/^load file:\/\/.*\/souk-print-[^/]+\/document-0\.html$/);
    // The page's file is gone once printed.
    expect(readdirSync(r.dir)).toEqual([]);
    await r.render(note(2));
    expect(windows).toHaveLength(1);
    await r.close();
    expect(windows[0]!.destroyed).toBe(true);
    expect(existsSync(r.dir)).toBe(false);
  });

  it('prints queued documents one after the other in the window, each with its own text', async () => {
    const log: string[] = [];
    const r = new ElectronPdfRenderer(() => new FakeWindow(browser, log));
    const [a, b] = await Promise.all([r.render(note(200, 'BR-A')), r.render(note(1, 'BR-B'))]);
    expect(flatText(a)).toContain('BR-A');
    expect(flatText(a)).not.toContain('BR-B');
    expect(flatText(b)).toContain('BR-B');
    // The second page was loaded only after the first was printed.
    expect(log.map((l) => l.replace(/ .*/, ''))).toEqual(['load', 'printed', 'load', 'printed']);
    await r.close();
  });

  it('opens a new window when the last was closed or its renderer crashed, and says so when it cannot print', async () => {
    const windows: FakeWindow[] = [];
    // Windows yet to be opened that will crash on their first print.
    let crashing = 0;
    const r = new ElectronPdfRenderer(() => {
      const w = new FakeWindow(browser, []);
      if (crashing > 0) {
        crashing--;
        w.failNextPrint = 1;
      }
      windows.push(w);
      return w;
    });
    await r.render(note(1));
    windows[0]!.destroy();
    expect(flatText(await r.render(note(1, 'BR-2')))).toContain('BR-2');
    expect(windows).toHaveLength(2);
    windows[1]!.failNextPrint = 1;
    expect(flatText(await r.render(note(1, 'BR-3')))).toContain('BR-3');
    expect(windows).toHaveLength(3);
    expect(windows[1]!.destroyed).toBe(true);
    // A crash on the retry too: a typed error, and the next document still prints.
    windows[2]!.failNextPrint = 1;
    crashing = 1;
    await expect(r.render(note(1, 'BR-4'))).rejects.toMatchObject({ code: 'DOCUMENT_RENDER_FAILED' });
    expect(windows).toHaveLength(4);
    expect(flatText(await r.render(note(1, 'BR-5')))).toContain('BR-5');
    expect(windows).toHaveLength(5);
    await r.close();
  });
});
