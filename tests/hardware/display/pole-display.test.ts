import fc from 'fast-check';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { canEncode, decodeText, encodeText } from '../../../hardware/text/code-pages';
import { VirtualDisplay, decodeDisplay } from '../../../hardware/display/display-decoder';
import {
  DISPLAY_COLUMNS,
  initBytes,
  itemLines,
  paymentLines,
  screenBytes,
  totalLines,
  welcomeLines,
} from '../../../hardware/display/pole-display';
import { SerialPoleDisplay } from '../../../hardware/display/serial-display';
import { openPtyPair } from '../../helpers/pty';

const show = (lines: readonly [string, string], page: 'pc850' | 'wpc1252' = 'pc850') =>
  decodeDisplay(
    Uint8Array.from([...initBytes({ codePage: page }), ...screenBytes(lines, { codePage: page })]),
  );

describe('pole display codec', () => {
  it('centres the shop name on the idle screen', () => {
    expect(show(welcomeLines('Souk Taswiq'))).toEqual(['    Souk Taswiq     ', '     Bienvenue      ']);
  });

  it('shows a scanned item: name truncated, amount flush right, accents through PC850', () => {
    const lines = itemLines(
      { nameFr: "Huile d'argan bio pressée à froid", quantityText: '2 x 60,00', amount: 12000 },
      { currency: 'DH' },
    );
    expect(show(lines)).toEqual(["Huile d'argan bio p.", '2 x 60,00  120,00 DH']);
    const the = itemLines({ nameFr: 'Thé à la menthe', amount: 950 });
    expect(show(the)).toEqual(['Thé à la menthe     ', '                9,50']);
    expect([...screenBytes(the)]).toEqual(expect.arrayContaining([0x82, 0x85])); // é and à in PC850
  });

  it('falls back to the French name when the Arabic one cannot be shown', () => {
    const lines = itemLines({ nameFr: 'Amlou', nameAr: 'أملو', language: 'ar', amount: 4500 });
    expect(show(lines)[0]).toBe('Amlou               ');
    expect(canEncode('أملو', 'PC850_MULTILINGUAL')).toBe(false);
  });

  it('shows the total, then total, tendered and change at payment', () => {
    expect(show(totalLines(34550, { currency: 'DH' }))).toEqual([
      'TOTAL               ',
      '           345,50 DH',
    ]);
    expect(show(paymentLines({ total: 450, tendered: 500, change: 50 }))).toEqual([
      'Total           4,50',
      'Reçu 5,00 Rendu 0,50',
    ]);
    expect(show(paymentLines({ total: 1250, tendered: 2000, change: 750 }))).toEqual([
      'Total          12,50',
      'Rendu           7,50',
    ]);
    // When tendered does not fit, the change keeps its label and the total stays.
    expect(show(paymentLines({ total: 34550, tendered: 50000, change: 15450 }, { currency: 'DH' }))).toEqual([
      'Total      345,50 DH',
      'Rendu      154,50 DH',
    ]);
  });

  it('a short screen leaves nothing of the previous one', () => {
    const d = new VirtualDisplay();
    d.write(initBytes());
    d.write(screenBytes(['AAAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBB']));
    d.write(screenBytes(['x', '']));
    expect(d.lines()).toEqual(['x'.padEnd(20), ' '.repeat(20)]);
  });

  it('any text fits the 20 columns and reads back as its code-page form', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.integer({ min: 0, max: 9_999_999 }),
        (name, qty, amount) => {
          for (const page of ['pc850', 'wpc1252'] as const) {
            const lines = itemLines({ nameFr: name, quantityText: qty, amount }, { codePage: page });
            const shown = show(lines, page);
            expect(shown.every((l) => l.length === DISPLAY_COLUMNS)).toBe(true);
            expect(shown[1].trimEnd().endsWith((amount / 100).toFixed(2).replace('.', ','))).toBe(true);
          }
        },
      ),
    );
  });

  it('shows what a page lacks through the same substitutions as the receipt, never a question mark', () => {
    const lines = itemLines({ nameFr: 'Łódź “bio” € ﬁn', amount: 100 }, { codePage: 'pc850' });
    expect(show(lines)[0]).toBe('Lódz "bio" EUR fin  ');
    expect(show(lines).join('')).not.toContain('?');
  });

  it('round-trips French accents through both code pages', () => {
    const text = 'éèêëàâäçîïôöùûüÉÈÊÀÇÔ';
    for (const page of ['PC850_MULTILINGUAL', 'WPC1252'] as const)
      expect(decodeText(encodeText(text, page), page)).toBe(text);
    expect(decodeText(encodeText('Crème brûlée – œuf…', 'PC850_MULTILINGUAL'), 'PC850_MULTILINGUAL')).toBe(
      'Crème brûlée - oeuf...',
    );
  });
});

describe('SerialPoleDisplay over a real pty', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('the bytes received on the other end render the screens sent', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const pair = { device: pty.a, peer: pty.b };
    const peer = new SerialPort({ path: pair.peer, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => peer.open((e) => (e ? reject(e) : resolve())));
    cleanups.push(() => new Promise((resolve) => peer.close(() => resolve())));
    const screen = new VirtualDisplay('wpc1252');
    let received = 0;
    let onReceived = (): void => undefined;
    peer.on('data', (chunk: Buffer) => {
      received += chunk.length;
      screen.write(chunk);
      onReceived();
    });

    const display = new SerialPoleDisplay({ path: pair.device, codePage: 'pc850', currency: 'DH' });
    await display.open();
    cleanups.push(() => display.close());
    const item = itemLines(
      { nameFr: 'Safran de Taliouine', quantityText: '1 x 85,00', amount: 8500 },
      { currency: 'DH' },
    );
    const bytes = [
      initBytes({ codePage: 'pc850' }),
      screenBytes(welcomeLines('Coopérative Tifaout')),
      screenBytes(item),
    ];
    await display.show(welcomeLines('Coopérative Tifaout'));
    await display.show(item);
    const expected = bytes.reduce((n, b) => n + b.length, 0);
    // Woken by each chunk the peer receives; the timer only bounds a failure.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${received} of ${expected} bytes`)), 20_000);
      onReceived = () => {
        if (received < expected) return;
        clearTimeout(timer);
        resolve();
      };
      onReceived();
    });
    // The display switched itself to PC850 through ESC t, whatever it started in.
    expect(screen.codePage).toBe('pc850');
    expect(screen.lines()).toEqual(['Safran de Taliouine ', '1 x 85,00   85,00 DH']);
    await display.close();
    await expect(display.show(item)).rejects.toMatchObject({ code: 'DISPLAY_UNAVAILABLE' });
  });
});
