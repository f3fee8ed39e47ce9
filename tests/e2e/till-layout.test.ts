/**
 * Every till screen must be usable at the screen sizes shops have (1024x768 all-in-one tills, 1280x800
 * tablets, 1366x768 laptops) in French, Arabic and English without scrolling the page: a cashier with a
 * queue does not hunt for "Valider la vente" below the fold. On each screen, size and language this checks
 * that the controls that matter are inside the viewport and not covered by anything (a panel, a toast:
 * document.elementFromPoint must land on the control), that nothing but the lists meant to scroll needs
 * scrolling, and that every control is at least 44 px both ways (a finger, not a mouse pointer).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../core/barcode';
import type { VatCode } from '../../core/vat';
import { openDatabase } from '../../db/open';
import { createProduct } from '../../db/services/products';
import { receiveDelivery } from '../../db/services/stock';
import { Store } from '../../db/store';
import { ROOT, loginWithPinPad, scan, screenshot, setLanguage, startTill, type Till } from './harness';
import { makeShop, type Shop } from './shop-data';

const STEP = 180_000;
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
] as const;
const LANGS = ['fr', 'ar', 'en'] as const;
type Lang = (typeof LANGS)[number];
/** WCAG 2.5.5 / platform guidelines: the smallest target a finger hits reliably. */
const MIN_TARGET = 44;

/** Long names on purpose: the cart, the receipt and the returns list must cope with them in both scripts. */
const LONG_PRODUCTS: { fr: string; ar: string; price: number; vat: VatCode; coop: 'argan' | 'honey' }[] = [
  {
    fr: 'Huile d’argan cosmétique bio pressée à froid, flacon verre 100 ml',
    ar: 'زيت الأركان التجميلي العضوي المعصور على البارد، قارورة زجاجية 100 مل',
    price: 14_500,
    vat: 'S20',
    coop: 'argan',
  },
  {
    fr: 'Couscous d’orge complet roulé à la main, sachet kraft 1 kg',
    ar: 'كسكس الشعير الكامل المفتول باليد، كيس ورقي 1 كغ',
    price: 4_250,
    vat: 'R10',
    coop: 'argan',
  },
  {
    fr: 'Eau de rose distillée de Kalaât M’Gouna, vaporisateur 250 ml',
    ar: 'ماء الورد المقطر من قلعة مكونة، بخاخ 250 مل',
    price: 3_900,
    vat: 'R14',
    coop: 'argan',
  },
  {
    fr: 'Tapis berbère tissé main en laine naturelle non teinte 200 × 140 cm',
    ar: 'زربية أمازيغية منسوجة يدويًا من الصوف الطبيعي غير المصبوغ 200 × 140 سم',
    price: 345_000,
    vat: 'S20',
    coop: 'argan',
  },
  {
    fr: 'Safran pur de Taliouine en pistils entiers, boîte 1 g',
    ar: 'زعفران تالوين الحر في مياسم كاملة، علبة 1 غ',
    price: 6_800,
    vat: 'EX',
    coop: 'honey',
  },
  {
    fr: 'Tajine en poterie émaillée verte de Tamegroute, diamètre 30 cm',
    ar: 'طاجين من فخار تمكروت المزجج بالأخضر، قطر 30 سم',
    price: 22_000,
    vat: 'S20',
    coop: 'honey',
  },
  {
    fr: 'Miel d’euphorbe de la région de Tadla, pot verre 500 g',
    ar: 'عسل الدغموس من منطقة تادلة، برطمان زجاجي 500 غ',
    price: 18_000,
    vat: 'R7',
    coop: 'honey',
  },
];

function ean13(first12: string): string {
  return `${first12}${gs1CheckDigit(first12)}`;
}

/** Adds the long-named products to the shop file, with stock, and returns the codes to scan. */
function stockLongProducts(shop: Shop): string[] {
  const db = openDatabase(shop.file);
  try {
    const store = new Store(db, { tillId: 'T1' });
    const manager = { userId: shop.users.manager.id, role: 'manager' as const };
    const coopIds = { argan: shop.fx.coops.argan.id, honey: shop.fx.coops.honey.id };
    const codes: string[] = [];
    const received: Record<'argan' | 'honey', { productId: number; quantity: number }[]> = {
      argan: [],
      honey: [],
    };
    LONG_PRODUCTS.forEach((p, i) => {
      const code = ean13(`6118880000${String(i).padStart(2, '0')}`);
      const product = createProduct(store, null, {
        sku: `LONG-${i}`,
        nameFr: p.fr,
        nameAr: p.ar,
        cooperativeId: coopIds[p.coop],
        unit: 'piece',
        vatCode: p.vat,
        retailPrice: p.price,
        semiPrice: p.price,
        wholesalePrice: p.price,
        semiMinQty: null,
        wholesaleMinQty: null,
        qualityLabels: [],
        scaleRef: null,
        terms: null,
        barcodes: [code],
      });
      received[p.coop].push({ productId: product.id, quantity: 500_000 });
      codes.push(code);
    });
    for (const coop of ['argan', 'honey'] as const)
      receiveDelivery(store, manager, {
        clientId: `layout-${coop}`,
        cooperativeId: coopIds[coop],
        noteRef: `BL-LAYOUT-${coop}`,
        lines: received[coop],
      });
    return codes;
  } finally {
    db.close();
  }
}

interface AuditResult {
  problems: string[];
  toasts: number;
}

/**
 * Runs in the page. `primary` selectors name the controls a cashier must reach on this screen (each must
 * match at least one element, so a renamed class cannot make the check pass by matching nothing);
 * `scrollers` the lists that may scroll inside themselves (their rows are scrolled into view first).
 */
function auditInPage(args: { primary: string[]; scrollers: string[]; min: number }): AuditResult {
  const { primary, scrollers, min } = args;
  const problems: string[] = [];
  const describe = (el: Element): string => {
    const cls =
      typeof el.className === 'string' && el.className.trim() !== ''
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    const text = (el.getAttribute('aria-label') ?? el.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 40);
    return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
  };
  const inScroller = (el: Element) => scrollers.some((s) => el.closest(s) !== null);

  const page = document.scrollingElement ?? document.documentElement;
  if (page.scrollHeight > innerHeight)
    problems.push(`page scrolls: ${page.scrollHeight} px tall in ${innerHeight}`);
  if (page.scrollWidth > innerWidth)
    problems.push(`page scrolls sideways: ${page.scrollWidth} px in ${innerWidth}`);
  // A screen that scrolls inside its own box is no better than a page that scrolls.
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!/auto|scroll/.test(`${style.overflowX} ${style.overflowY}`)) continue;
    if (scrollers.some((s) => el.matches(s))) continue;
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      problems.push(
        `${describe(el)} scrolls: ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`,
      );
  }

  for (const selector of primary) {
    const found = [...document.querySelectorAll(selector)];
    if (found.length === 0) problems.push(`nothing matches ${selector}`);
    for (const el of found) {
      if (inScroller(el)) el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) {
        problems.push(`${describe(el)} is not displayed`);
        continue;
      }
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
        problems.push(
          `${describe(el)} is outside the viewport (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)})`,
        );
        continue;
      }
      // The centre, then points a quarter in from each corner: a half-covered button is a miss-hit too.
      const points = [
        [0.5, 0.5],
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
      ] as const;
      for (const [fx, fy] of points) {
        const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
        if (!hit || (hit !== el && !el.contains(hit))) {
          problems.push(`${describe(el)} is covered by ${hit ? describe(hit) : 'nothing'}`);
          break;
        }
      }
    }
  }

  // Touch targets: what is on top (the open dialog) or else the whole screen with its top bar and menu.
  const dialogs = [...document.querySelectorAll('[role="dialog"]')];
  const root = dialogs[dialogs.length - 1] ?? document.body;
  const controls = root.querySelectorAll(
    'button, input, select, textarea, a[href], [role="button"], [role="radio"], [role="option"]',
  );
  for (const el of controls) {
    if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
    // A checkbox is hit through its label, which is what must be finger-sized.
    const target =
      el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
        ? (el.closest('label') ?? el)
        : el;
    const r = target.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.width < min - 0.5 || r.height < min - 0.5)
      problems.push(`${describe(target)} is ${Math.round(r.width)}x${Math.round(r.height)} px`);
  }
  // Back to the top of each list, so the screenshot shows the screen as the cashier first sees it.
  for (const s of scrollers) for (const el of document.querySelectorAll(s)) el.scrollTo(0, 0);
  return { problems: [...new Set(problems)], toasts: document.querySelectorAll('.toast').length };
}

let shop: Shop;
let till: Till;
let page: Page;
let codes: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  shop = makeShop();
  codes = stockLongProducts(shop);
  till = await startTill({ dbFile: shop.file, admin: shop.users.admin });
  page = till.page;
}, STEP);

afterAll(async () => {
  // The whole list, one per line: the assertion messages cut long arrays short.
  const artifacts = join(ROOT, 'tests', 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, 'till-layout-problems.txt'), problems.join('\n') + '\n');
  await till?.close();
  if (shop) rmSync(shop.fx.dir, { recursive: true, force: true });
}, STEP);

/**
 * Audits the current screen at every size (all sizes first, then the screenshots, so a 3-second toast is
 * still there for the last size) and returns the problems, each prefixed with where it was seen.
 */
async function auditSizes(
  screen: string,
  lang: Lang,
  primary: string[],
  options: { scrollers?: string[]; expectToast?: boolean } = {},
): Promise<string[]> {
  const found: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const result = await page.evaluate(auditInPage, {
      primary,
      scrollers: options.scrollers ?? [],
      min: MIN_TARGET,
    });
    if (options.expectToast && result.toasts === 0)
      found.push(`${screen} ${lang} ${size.width}x${size.height}: the toast was gone before the check`);
    found.push(...result.problems.map((p) => `${screen} ${lang} ${size.width}x${size.height}: ${p}`));
  }
  if (lang !== 'en')
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `till-${screen}-${lang}-${size.width}x${size.height}`);
    }
  await page.setViewportSize(SIZES[0]);
  return found;
}

const TOP = ['.lang-switcher .chip', '.user-badge .btn'];
const NAV = ['.sidenav .nav-item'];
const UNKNOWN_CODE = ean13('611888999999');

/** An unknown code raises an error toast (8 s): the screen must stay usable with it showing. */
async function raiseToast(): Promise<void> {
  await scan(page, UNKNOWN_CODE);
  await page.locator('.toast').first().waitFor();
  // On a loaded machine a burst can split and leave digits in the search field, whose results list would
  // then lie over the cart: Escape clears it, as a cashier would.
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('.search-input').inputValue()).toBe('');
  await page.locator('.search-results').waitFor({ state: 'detached' });
}

/** The quantities of the cart's lines, in order: changes with every scan that reached the cart. */
const cartState = () => page.getByTestId('line-qty').allTextContents();

/**
 * Scans one code and waits until the cart shows it. A burst split by a loaded machine reaches the cart as
 * nothing (a refused partial code): cleared with Escape and scanned again, as a cashier would.
 */
async function scanIntoCart(code: string): Promise<void> {
  const before = JSON.stringify(await cartState());
  for (let attempt = 0; attempt < 3; attempt++) {
    await scan(page, code);
    const changed = await expect
      .poll(async () => JSON.stringify(await cartState()), { timeout: 3000 })
      .not.toBe(before)
      .then(
        () => true,
        () => false,
      );
    if (changed) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`scanning ${code} never reached the cart`);
}

async function fillCart(): Promise<void> {
  const oil = shop.codes.oil;
  // Eight lines, two of them with two pieces so their - button shows.
  for (const code of [oil, ...codes, codes[0] ?? oil, codes[1] ?? oil]) await scanIntoCart(code);
  expect(await page.getByTestId('cart-line').count()).toBe(8);
  expect(await page.getByTestId('line-qty').nth(1).textContent()).toMatch(/^2/);
}

describe('till screens fit 1024x768, 1280x800 and 1366x768 in fr, ar and en', () => {
  it(
    'opening the till: notes and coins, the typed float and "Ouvrir la caisse"',
    async () => {
      await page.setViewportSize(SIZES[0]);
      await loginWithPinPad(page, shop.users.manager.name, shop.users.manager.pin);
      await page.getByRole('heading', { name: 'Ouverture de caisse' }).waitFor();
      await page.locator('.denom-btn').first().click();
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        problems.push(
          ...(await auditSizes('open', lang, [
            ...TOP,
            '.denom-btn',
            '.denomination .btn',
            '.open-session input',
            '.open-session .actions .btn-primary',
          ])),
        );
      }
      await setLanguage(page, 'fr');
      await page.getByLabel('Fond de caisse').fill('500');
      await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
      await page.getByPlaceholder(/Scanner ou chercher/).waitFor();
      expect(problems.filter((p) => p.startsWith('open '))).toEqual([]);
    },
    STEP,
  );

  let receiptNo = 0;
  for (const lang of LANGS) {
    it(
      `${lang}: an eight-line cart, its payment and its receipt, a return of that receipt and the X report`,
      async () => {
        const before = problems.length;
        await page.keyboard.press('F1');
        await setLanguage(page, lang);
        await page.locator('.search-input').waitFor();
        await fillCart();
        await raiseToast();
        problems.push(
          ...(await auditSizes(
            'sell',
            lang,
            [
              ...TOP,
              ...NAV,
              '.search-input',
              '[data-testid="cart-line"] button',
              '[data-testid="line-amount"]',
              '.customer-btn',
              '.sell-side .btn-huge',
              '.side-actions .btn',
            ],
            { scrollers: ['.cart-scroll'], expectToast: true },
          )),
        );

        // The line discount (a manager approves themselves) and the customer account dialogs of the cart.
        await page.getByTestId('cart-line').nth(3).locator('.line-actions .btn').first().click();
        await page.locator('.modal input').waitFor();
        problems.push(
          ...(await auditSizes(
            'discount',
            lang,
            ['.modal .method-buttons .btn', '.modal input', '.modal .actions .btn'],
            {
              scrollers: ['.cart-scroll'],
            },
          )),
        );
        await page.keyboard.press('Escape');
        await page.locator('.modal').waitFor({ state: 'detached' });
        await page.keyboard.press('F4');
        await page.locator('.modal .pick').first().waitFor();
        problems.push(
          ...(await auditSizes('customer', lang, ['.modal input', '.modal .pick'], {
            scrollers: ['.cart-scroll'],
          })),
        );
        await page.keyboard.press('Escape');
        await page.locator('.modal').waitFor({ state: 'detached' });

        // Searching by name: the results list lies over the cart; a weighed product asks for its weight.
        await page.locator('.search-input').fill('miel');
        await expect.poll(() => page.locator('.search-results [role="option"]').count()).toBeGreaterThan(1);
        problems.push(
          ...(await auditSizes('search', lang, ['.search-input', '.search-results [role="option"]'], {
            scrollers: ['.search-results', '.cart-scroll'],
          })),
        );
        await page.locator('.search-results [role="option"]', { hasText: /Miel de thym|عسل الزعتر/ }).click();
        await page.locator('.modal input').waitFor();
        problems.push(
          ...(await auditSizes('weight', lang, ['.modal input', '.modal .actions .btn'], {
            scrollers: ['.cart-scroll'],
          })),
        );
        await page.keyboard.press('Escape');
        await page.locator('.modal').waitFor({ state: 'detached' });

        // Put on hold and taken back: the held carts' list.
        await page.keyboard.press('F8');
        await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
        await page.keyboard.press('F9');
        await page.locator('.modal .pick').first().waitFor();
        problems.push(...(await auditSizes('recall', lang, ['.modal .pick'])));
        await page.locator('.modal .pick').first().click();
        await expect.poll(() => page.getByTestId('cart-line').count()).toBe(8);

        await raiseToast();
        await page.keyboard.press('F12');
        const pay = page.locator('[role="dialog"]');
        await pay.locator('.tender-suggestions .btn').first().waitFor();
        // 100 MAD by card first, so the list of payments (with its remove buttons) is on screen too.
        await pay.locator('[role="radio"]').nth(1).click();
        await pay.locator('input').first().fill('100');
        await pay.locator('.pay-add').click();
        await expect.poll(() => pay.locator('.payment-list li').count()).toBe(1);
        await pay.locator('[role="radio"]').first().click();
        await pay.locator('.tender-suggestions .btn').first().waitFor();
        problems.push(
          ...(await auditSizes(
            'pay',
            lang,
            [
              '.modal [role="radio"]',
              '.modal input',
              '.tender-suggestions .btn',
              '.modal .pay-add',
              '.payment-list .btn',
              '[data-testid="pay-change"]',
              '.modal .actions .btn',
            ],
            { scrollers: ['.cart-scroll'], expectToast: true },
          )),
        );

        // Exact amount, then the confirm button: the receipt comes up with its "sale done" toast.
        await pay.locator('.tender-suggestions .btn').first().click();
        await pay.locator('.actions .btn-primary').click();
        const done = page.getByRole('dialog', { name: /\d+/ });
        await done.locator('.receipt-preview').waitFor();
        receiptNo = Number(/(\d+)/.exec((await done.getAttribute('aria-label')) ?? '')?.[1]);
        expect(receiptNo).toBeGreaterThan(0);
        problems.push(
          ...(await auditSizes('receipt', lang, ['.modal .actions .btn-primary'], {
            scrollers: ['.receipt-preview'],
            expectToast: true,
          })),
        );
        await done.locator('.actions .btn-primary').click();
        await done.waitFor({ state: 'detached' });

        await page.keyboard.press('F2');
        const receiptField = page.locator('.returns input').first();
        await receiptField.fill(String(receiptNo));
        await receiptField.press('Enter');
        await expect.poll(() => page.locator('.returns .line').count()).toBe(8);
        await page.locator('.returns .line input[inputmode="decimal"]').first().fill('1');
        problems.push(
          ...(await auditSizes(
            'returns',
            lang,
            [
              ...TOP,
              ...NAV,
              '.returns-find input',
              '.returns-find .btn',
              '.returns .line input[inputmode="decimal"]',
              '.returns .line label.check',
              '.returns-footer input',
              '.returns [role="radio"]',
              '.returns .actions .btn-primary',
            ],
            { scrollers: ['.returns-scroll'] },
          )),
        );

        await page.keyboard.press('F3');
        await page.getByTestId('x-expected').waitFor();
        problems.push(
          ...(await auditSizes('x-report', lang, [
            ...TOP,
            ...NAV,
            '[data-testid="x-expected"]',
            '.cash-report .actions .btn',
          ])),
        );
        expect(problems.slice(before)).toEqual([]);
      },
      STEP,
    );
  }

  it(
    "the PIN pads: logging in, and a manager approving the removal of a line at a cashier's till",
    async () => {
      const before = problems.length;
      await page.keyboard.press('F1');
      await page.locator('.user-badge .btn').click();
      await page.locator('.login .tile').first().waitFor();
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        problems.push(...(await auditSizes('login', lang, ['.lang-switcher .chip', '.login .tile'])));
      }
      await setLanguage(page, 'fr');
      await page.getByRole('button', { name: new RegExp(shop.users.cashier.name) }).click();
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        problems.push(
          ...(await auditSizes('login-pin', lang, [
            '.lang-switcher .chip',
            '.pin-keys .key',
            '.login .actions .btn',
          ])),
        );
      }
      await setLanguage(page, 'fr');
      for (const digit of shop.users.cashier.pin)
        await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
      await page.locator('.pin-keys .key-primary').click();
      await page.locator('.search-input').waitFor();
      await scanIntoCart(codes[3] ?? shop.codes.oil);

      // The language switcher is behind the dialog's backdrop: the dialog is closed, and opened again.
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        await page.getByTestId('cart-line').first().locator('.btn-danger').click();
        const approval = page.getByRole('dialog');
        await approval.locator('.pin-keys').waitFor();
        // The managers' tiles arrive with the station's answer to auth.users, after the PIN pad.
        await approval.locator('.tile').first().waitFor();
        problems.push(
          ...(await auditSizes('approval', lang, [
            '.modal .tile',
            '.modal .pin-keys .key',
            '.modal .actions .btn',
          ])),
        );
        await page.keyboard.press('Escape');
        await approval.waitFor({ state: 'detached' });
      }
      await setLanguage(page, 'fr');
      await page.locator('.user-badge .btn').click();
      await loginWithPinPad(page, shop.users.manager.name, shop.users.manager.pin);
      await page.locator('.search-input').waitFor();
      expect(problems.slice(before)).toEqual([]);
    },
    STEP,
  );

  it(
    'closing the till: the count by denomination, the totals, the confirmation and the Z report',
    async () => {
      const before = problems.length;
      await setLanguage(page, 'fr');
      await page
        .locator('.sidenav')
        .getByRole('button', { name: /Clôture/ })
        .click();
      const firstCount = page.locator('.count-row input').first();
      await firstCount.fill('2');
      await page.locator('.count-row input').nth(3).fill('5');
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        await page.getByTestId('close-expected').waitFor();
        problems.push(
          ...(await auditSizes(
            'close',
            lang,
            [
              ...TOP,
              ...NAV,
              '.count-row input',
              '[data-testid="close-counted"]',
              '[data-testid="close-variance"]',
              '.cash-close .actions .btn',
            ],
            { scrollers: ['.report-scroll'] },
          )),
        );
      }
      await setLanguage(page, 'fr');
      await page.locator('.cash-close .actions .btn-primary').click();
      const confirm = page.getByRole('dialog', { name: 'Clôturer la caisse ?' });
      await confirm.waitFor();
      problems.push(
        ...(await auditSizes('close-confirm', 'fr', ['.modal .actions .btn'], {
          scrollers: ['.report-scroll'],
        })),
      );
      await confirm.locator('.actions .btn-danger').click();
      await page.getByTestId('z-report').waitFor();
      for (const lang of LANGS) {
        await setLanguage(page, lang);
        problems.push(
          ...(await auditSizes('z-report', lang, [
            ...TOP,
            ...NAV,
            '[data-testid="z-variance"]',
            '.z-report .actions .btn',
          ])),
        );
      }
      expect(problems.slice(before)).toEqual([]);
      // The unknown codes scanned to raise toasts are refused (4xx, also for a split burst): the API's
      // answer, shown as a toast; anything else logged (a React error, a failed asset) is a real error.
      expect(
        till.browserErrors.filter((e) => !/^Failed to load resource: .* status of 4\d\d/.test(e)),
      ).toEqual([]);
    },
    STEP,
  );
});
