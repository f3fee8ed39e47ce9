/**
 * A product's low-stock alert threshold, in milli-units of its unit (NULL: no alert). The manager sets it
 * in the catalogue editor; screens compare it with the product's stock on hand.
 */
export const sql = `
ALTER TABLE products ADD COLUMN low_stock_alert INTEGER CHECK (low_stock_alert IS NULL OR low_stock_alert > 0);
`;
