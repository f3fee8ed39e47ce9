/**
 * Indexes for the paged stock list (db/services/stock.ts stockPage): its 30-day sales and slow-mover
 * checks seek one (product, cooperative) at a time over sales that count, and read the quantity from
 * the index itself instead of each sale line's row.
 */
export const sql = `
CREATE INDEX sale_lines_stock ON sale_lines(product_id, cooperative_id, at, qty) WHERE voided = 0;
CREATE INDEX delivery_lines_stock ON delivery_lines(product_id, delivery_id, qty, best_before);
`;
