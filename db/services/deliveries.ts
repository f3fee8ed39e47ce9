import { fail } from '../../core/errors';
import { isOwnGtin } from '../../core/nomenclature';
import type { Store } from '../store';
import type { DeliveryDetail, DeliveryLine, DeliveryPage, DeliverySummary } from '../../core/delivery';

// The shapes are core's (core/delivery.ts), re-exported for the services and handlers that import them from here.
export type { DeliveryDetail, DeliveryLine, DeliveryPage, DeliverySummary };

/** The filter of the deliveries history: one cooperative or all, received in [from, to] (UTC ms). */
export interface DeliveryFilter {
  cooperativeId?: number | null;
  from?: number | null;
  to?: number | null;
  offset?: number;
  limit?: number;
}

interface SummaryRow extends DeliverySummary {
  total: number;
}

/** Newest first, one page at a time, with the count of everything the filter matches. */
export function listDeliveries(store: Store, filter: DeliveryFilter): DeliveryPage {
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? 50;
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.cooperativeId !== null && filter.cooperativeId !== undefined) {
    where.push('d.cooperative_id = ?');
    params.push(filter.cooperativeId);
  }
  if (filter.from !== null && filter.from !== undefined) {
    where.push('d.received_at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== null && filter.to !== undefined) {
    where.push('d.received_at <= ?');
    params.push(filter.to);
  }
  const rows = store.all<SummaryRow>(
    `SELECT d.id, d.cooperative_id AS cooperativeId, c.name_fr AS cooperativeName, d.note_ref AS noteRef,
       d.received_at AS receivedAt, COALESCE(u.name, '') AS userName, d.comment,
       (SELECT COUNT(*) FROM delivery_lines dl WHERE dl.delivery_id = d.id) AS lineCount,
       COUNT(*) OVER () AS total
     FROM deliveries d
     JOIN cooperatives c ON c.id = d.cooperative_id
     LEFT JOIN users u ON u.id = d.user_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY d.received_at DESC, d.id DESC
     LIMIT ? OFFSET ?`,
    ...params,
    limit,
    offset,
  );
  // A page past the end has no row to carry the window count: count separately only then.
  const total =
    rows[0]?.total ??
    (offset === 0
      ? 0
      : (store.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM deliveries d ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`,
          ...params,
        )?.n ?? 0));
  return { rows: rows.map(({ total: _total, ...r }) => r), total, offset, limit };
}

/** One delivery with its lines in the order they were typed, as labels are printed from them. */
export function getDelivery(store: Store, id: number): DeliveryDetail {
  const head = store.get<Omit<DeliveryDetail, 'lines'>>(
    `SELECT d.id, d.cooperative_id AS cooperativeId, c.name_fr AS cooperativeName, d.note_ref AS noteRef,
       d.received_at AS receivedAt, COALESCE(u.name, '') AS userName, d.comment
     FROM deliveries d
     JOIN cooperatives c ON c.id = d.cooperative_id
     LEFT JOIN users u ON u.id = d.user_id
     WHERE d.id = ?`,
    id,
  );
  if (!head) fail('NOT_FOUND', `No delivery with id ${id}.`, { id });
  const lines = store.all<Omit<DeliveryLine, 'ownGtin'> & { codes: string | null }>(
    `SELECT dl.id AS lineId, p.id AS productId, p.sku, p.name_fr AS nameFr, p.name_ar AS nameAr, p.unit,
       dl.qty AS quantity, dl.lot, dl.best_before AS bestBefore,
       (SELECT GROUP_CONCAT(b.code, ' ') FROM barcodes b WHERE b.product_id = p.id) AS codes
     FROM delivery_lines dl JOIN products p ON p.id = dl.product_id
     WHERE dl.delivery_id = ?
     ORDER BY dl.id`,
    id,
  );
  return {
    ...head,
    lines: lines.map(({ codes, ...l }) => ({
      ...l,
      ownGtin: (codes ?? '').split(' ').some((c) => c !== '' && isOwnGtin(c)),
    })),
  };
}
