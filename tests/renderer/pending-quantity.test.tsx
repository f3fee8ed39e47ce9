// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOMENCLATURE, makeEmbeddedCode } from '../../core/nomenclature';
import { App } from '../../renderer/App';
import { useCart } from '../../renderer/stores/cart';
import { logInAtTill, useTillStation } from '../helpers/till-station';

/**
 * "3*" typed before a scan multiplies the next counted product once. A weight or price label carries its
 * own quantity: the pending multiplier must not replace it, and must not survive it either.
 */
// Thyme honey by weight (scale reference 00042) at 250,00 MAD/kg, a session open.
const s = useTillStation({
  started() {
    AMLOU = s.products.amlou.barcodes[0] ?? '';
  },
});

function label(kind: 'weight' | 'price', value: number): string {
  const rule = DEFAULT_NOMENCLATURE.find((r) => r.kind === kind);
  if (!rule) throw new Error(`no ${kind}-embedded rule in the default nomenclature`);
  return makeEmbeddedCode(rule, '00042', value);
}

const OIL = '6111234567895';
/** The amlou jar's internal code, given at creation. */
let AMLOU = '';

/** A scanner's burst: every key at once, far faster than a person types. */
async function scan(search: HTMLElement, ...codes: string[]): Promise<void> {
  await act(async () => {
    for (const code of codes) for (const key of [...code, 'Enter']) fireEvent.keyDown(search, { key });
  });
}

const lines = () =>
  useCart.getState().current.lines.map((l) => ({
    barcode: l.barcode,
    quantity: l.quantity,
    labelAmount: l.labelAmount,
  }));

describe('the pending quantity ("3*") at the till', () => {
  it('is ignored and cleared by a weight or price label, and used once by a counted product', async () => {
    const user = userEvent.setup({ delay: 60 });
    render(<App />);
    await logInAtTill(user, 'cashier');
    const search = await screen.findByRole('textbox', { name: /Scanner ou chercher/ });
    await waitFor(() => expect(document.activeElement).toBe(search));
    const pending = () => document.querySelector('.pending-qty');

    // "3*" then a weight label for 0.750 kg: the line is the label's weight, not 3 kg.
    const weight = label('weight', 750);
    await user.keyboard('3*');
    await waitFor(() => expect(pending()).not.toBeNull());
    await scan(search, weight);
    await waitFor(() => expect(lines()).toHaveLength(1));
    expect(lines()[0]).toEqual({ barcode: weight, quantity: 750, labelAmount: null });
    await waitFor(() => expect(pending()).toBeNull());

    // ...and the "3*" is gone, not waiting for the next product: a jar after it is one jar.
    await scan(search, OIL);
    await waitFor(() => expect(lines()).toHaveLength(2));
    expect(lines()[1]).toEqual({ barcode: OIL, quantity: 1000, labelAmount: null });

    // "3*" then a price label for 50,00 MAD: the line keeps the label's amount and the weight it stands for.
    const price = label('price', 5000);
    await user.keyboard('3*');
    await waitFor(() => expect(pending()).not.toBeNull());
    await scan(search, price);
    await waitFor(() => expect(lines()).toHaveLength(3));
    expect(lines()[2]).toEqual({ barcode: price, quantity: 200, labelAmount: 5000 });
    await waitFor(() => expect(pending()).toBeNull());
    await scan(search, AMLOU);
    await waitFor(() => expect(lines()).toHaveLength(4));
    expect(lines()[3]).toEqual({ barcode: AMLOU, quantity: 1000, labelAmount: null });

    // "3*" then two jars scanned back to back, before the first answer is back: three of the first, one
    // of the second.
    useCart.getState().clear();
    await waitFor(() => expect(screen.queryAllByTestId('cart-line')).toHaveLength(0));
    await user.keyboard('3*');
    await waitFor(() => expect(pending()).not.toBeNull());
    await scan(search, OIL, AMLOU);
    await waitFor(() => expect(lines()).toHaveLength(2));
    expect(Object.fromEntries(lines().map((l) => [l.barcode, l.quantity]))).toEqual({
      [OIL]: 3000,
      [AMLOU]: 1000,
    });
    expect(pending()).toBeNull();
  });
});
