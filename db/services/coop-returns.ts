import { fail } from '../../core/errors';
import type { Unit } from '../../core/quantity';
import type { Store } from '../store';

export interface CoopReturnNoteData {
  id: number;
  /** The return note's number, BR-00042. */
  number: string;
  at: number;
  reason: string;
  cooperative: { id: number; nameFr: string; nameAr: string };
  lines: {
    sku: string;
    nameFr: string;
    nameAr: string;
    unit: Unit;
    quantity: number;
    lot: string | null;
    unitPrice: number;
    bestBefore: string | null;
  }[];
}

/** What a return of goods to a cooperative (stock.returnToCooperative) put on its return note (bon de retour). */
export function coopReturnNoteData(store: Store, returnId: number): CoopReturnNoteData {
  const r = store.get<{ id: number; cooperative_id: number; reason: string; at: number }>(
    'SELECT id, cooperative_id, reason, at FROM coop_returns WHERE id = ?',
    returnId,
  );
  if (!r) fail('NOT_FOUND', `No return to a cooperative with id ${returnId}.`, { returnId });
  const coop = store.get<{ name_fr: string; name_ar: string }>(
    'SELECT name_fr, name_ar FROM cooperatives WHERE id = ?',
    r.cooperative_id,
  );
  const lines = store.all<{
    sku: string;
    nameFr: string;
    nameAr: string;
    unit: Unit;
    quantity: number;
    lot: string;
    unitPrice: number;
    bestBefore: string | null;
  }>(
    // The best-before is the lot's, from the latest delivery of that lot by this cooperative.
    `SELECT p.sku, p.name_fr nameFr, p.name_ar nameAr, p.unit, l.qty quantity, l.lot, p.retail_price unitPrice,
       (SELECT dl.best_before FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id
        WHERE dl.product_id = l.product_id AND dl.lot = l.lot AND d.cooperative_id = ?
        ORDER BY dl.id DESC LIMIT 1) bestBefore
     FROM coop_return_lines l JOIN products p ON p.id = l.product_id WHERE l.coop_return_id = ? ORDER BY l.id`,
    r.cooperative_id,
    returnId,
  );
  return {
    id: r.id,
    number: `BR-${String(r.id).padStart(5, '0')}`,
    at: r.at,
    reason: r.reason,
    cooperative: { id: r.cooperative_id, nameFr: coop?.name_fr ?? '', nameAr: coop?.name_ar ?? '' },
    lines: lines.map((l) => ({ ...l, lot: l.lot || null })),
  };
}
