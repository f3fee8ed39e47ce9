import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../api/contract';
import { call } from '../api/client';
import { checkoutInput, type Cart } from './cart';

/**
 * sales.quote's word on a line's stock: on hand for its product and cooperative before this cart, and whether
 * all the cart's lines of them together want more.
 */
export type LineStock = Pick<ApiOutput<'sales.quote'>['lines'][number], 'onHand' | 'short'>;

const QUOTE_DEBOUNCE_MS = 120;

/**
 * The station's word on stock for each line of the cart (sales.quote), refreshed as lines change, so a
 * shortage shows when the line is added, with the quantity the cooperative has on the shelf, rather than
 * as a refusal after the payment was typed. A failed quote (the station unreachable, a line it refuses)
 * shows nothing: checkout stays the authority and says why.
 */
export function useCartStock(cart: Pick<Cart, 'lines' | 'customer'>): ReadonlyMap<string, LineStock> {
  const [stock, setStock] = useState<ReadonlyMap<string, LineStock>>(new Map());
  const { lines, customer } = cart;
  useEffect(() => {
    if (lines.length === 0) {
      setStock(new Map());
      return;
    }
    let live = true;
    const keys = lines.map((l) => l.key);
    const timer = setTimeout(() => {
      const input = checkoutInput({ clientId: '', lines, customer, approval: null, createdAt: 0 }, []);
      const { lines: quoted, customerId } = input;
      call('sales.quote', { lines: quoted, customerId })
        .then((q) => {
          if (!live) return;
          const next = new Map<string, LineStock>();
          q.lines.forEach((l, i) => {
            const key = keys[i];
            if (key !== undefined) next.set(key, { onHand: l.onHand, short: l.short });
          });
          setStock(next);
        })
        .catch(() => live && setStock(new Map()));
    }, QUOTE_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lines, customer]);
  return stock;
}
