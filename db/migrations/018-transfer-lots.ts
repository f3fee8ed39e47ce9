/**
 * A received transfer is a lot of the receiving shop (db/services/stock.ts reads transfer_in_lines beside
 * delivery_lines): received_at keeps the date the cooperative's delivery reached the chain, carried by the
 * sender, so consignment ages from then and first in, first out stays true across shops. NULL for lines
 * received before it was carried: the transfer's sent date stands in. The index lets the stock list and the
 * lots panel seek a product's transferred lots as they seek its deliveries.
 */
export const sql = `
ALTER TABLE transfer_in_lines ADD COLUMN received_at INTEGER;
CREATE INDEX transfer_in_lines_stock ON transfer_in_lines(product_id, cooperative_id, qty, best_before);
`;
