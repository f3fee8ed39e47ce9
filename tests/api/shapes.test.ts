import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Product } from '../../core/product';
import { cashReport, closeSession, currentSession } from '../../db/services/cash';
import { checkout } from '../../db/services/checkout';
import { createCustomer, listCustomers } from '../../db/services/customers';
import { dashboard } from '../../db/services/dashboard';
import { getDelivery, listDeliveries } from '../../db/services/deliveries';
import { getProduct, listProducts, lookupBarcode, searchProducts } from '../../db/services/products';
import { createReturn } from '../../db/services/returns';
import { draftSettlement, issueSettlement, listSettlements } from '../../db/services/settlements';
import { stockLots, stockPage } from '../../db/services/stock';
import { listUsers } from '../../db/services/users';
import * as S from '../../api/schemas';
import { makeFixture, uid, type Fixture } from '../db/fixture';

/**
 * Each shape once (issue 9): the product, stock rows, statements and cash reports are core types that the
 * services return; api/schemas.ts ties each output schema to its core type with `sends<T>()`.
 */
describe('shapes declared once, in core', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.close());

  // A schema that lacked a field of the service's answer would strip it from the wire (zod drops unknown keys)
  // and one with a field the service never fills would refuse the answer: parsing must give back every value.
  it('sends what the services return, field for field, on a real database', () => {
    const sale = checkout(f.store, f.asCashier, {
      clientId: uid(),
      lines: [
        { productId: f.products.oil.id, quantity: 2_000 },
        { productId: f.products.honeyKg.id, quantity: 1_250 },
      ],
      payments: [{ method: 'card', amount: 55_250 }],
    });
    expect(sale.lines).toHaveLength(2);
    expect(S.SaleOut.parse(sale)).toStrictEqual(sale);
    const returned = createReturn(f.store, f.asManager, {
      clientId: uid(),
      saleId: sale.id,
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1_000, restock: true }],
      reason: 'abîmé',
      refundMethod: 'card',
    });
    expect(returned.lines).toHaveLength(1);
    expect(S.ReturnOut.parse(returned)).toStrictEqual(returned);

    const product = getProduct(f.store, f.products.honeyKg.id);
    expect(product.terms).toEqual({ kind: 'fixed', payoutPerUnit: 18000 });
    expect(S.ProductOut.parse(product)).toStrictEqual(product);
    const scanned = lookupBarcode(f.store, '6111234567895').product;
    expect(S.ProductOut.parse(scanned)).toStrictEqual(scanned);
    const page = listProducts(f.store, {});
    expect(page.rows.length).toBeGreaterThan(0);
    for (const row of page.rows) expect(S.ProductListRowOut.parse(row)).toStrictEqual(row);
    const hits = searchProducts(f.store, 'argan');
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(S.SearchHitOut.parse(hit)).toStrictEqual(hit);

    const stock = stockPage(f.store, { includeEmpty: true });
    expect(stock.rows.length).toBe(3);
    expect(S.StockPageOut.parse(stock)).toStrictEqual(stock);
    const lots = stockLots(f.store, f.products.oil.id, f.coops.argan.id);
    expect(lots).toHaveLength(1);
    for (const lot of lots) expect(S.StockLotOut.parse(lot)).toStrictEqual(lot);

    const draft = draftSettlement(f.store, { cooperativeId: f.coops.argan.id, periodEnd: f.now() + 1 });
    expect(draft.sales).toHaveLength(1);
    expect(S.SettlementOut.parse(draft)).toStrictEqual(draft);
    f.tick(60_000);
    const issued = issueSettlement(f.store, f.asManager, {
      cooperativeId: f.coops.argan.id,
      periodEnd: f.now(),
    });
    expect(S.SettlementOut.parse(issued)).toStrictEqual(issued);
    const summaries = listSettlements(f.store);
    expect(summaries).toHaveLength(1);
    for (const s of summaries) expect(S.SettlementSummaryOut.parse(s)).toStrictEqual(s);

    const deliveries = listDeliveries(f.store, {});
    expect(deliveries.rows).toHaveLength(2);
    expect(S.DeliveryPageOut.parse(deliveries)).toStrictEqual(deliveries);
    const delivery = getDelivery(f.store, deliveries.rows[0]!.id);
    expect(delivery.lines.length).toBeGreaterThan(0);
    expect(S.DeliveryDetailOut.parse(delivery)).toStrictEqual(delivery);
    const board = dashboard(f.store, f.now() - 86_400_000, f.now() + 1);
    expect(board.salesCount).toBe(1);
    expect(S.DashboardOut.parse(board)).toStrictEqual(board);
    createCustomer(f.store, f.asManager, { name: 'Épicerie Atlas', phone: null, ice: null, tier: 'semi' });
    const customers = listCustomers(f.store);
    expect(customers).toHaveLength(1);
    for (const c of customers) expect(S.CustomerOut.parse(c)).toStrictEqual(c);

    const users = listUsers(f.store);
    expect(users).toHaveLength(3);
    for (const u of users) expect(S.UserOut.parse(u)).toStrictEqual(u);

    const session = currentSession(f.store);
    expect(session).not.toBeNull();
    expect(S.CashSessionOut.parse(session)).toStrictEqual(session);
    const x = cashReport(f.store);
    expect(x.salesCount).toBe(1);
    expect(S.CashReportOut.parse(x)).toStrictEqual(x);
    const z = closeSession(f.store, f.asManager, { counts: { '20000': 3 } });
    expect(z.journalHash).not.toBeNull();
    expect(S.CashReportOut.parse(z)).toStrictEqual(z);
  });

  // These lines are the test: `npm test` typechecks tests/, and an expected error that stops being one fails it.
  it('refuses at compile time a schema that differs from its core type', () => {
    const fields = S.ProductOut.shape;
    const { lowStockAlert: _dropped, ...withoutAlert } = fields;
    // @ts-expect-error a field of the core Product is missing from the schema
    const missing = S.sends<Product>()(z.object(withoutAlert));
    // @ts-expect-error the schema sends a field that the core Product does not have
    const extra = S.sends<Product>()(z.object({ ...fields, shelf: z.string() }));
    // @ts-expect-error optional on the wire but always there (nullable) in the core type
    const optional = S.sends<Product>()(z.object({ ...fields, scaleRef: z.string().optional() }));
    const same = S.sends<Product>()(z.object({ ...fields }));
    // The checks are compile-time only: at run time the schema passes through unchanged.
    expect([missing, extra, optional, same].map((s) => Object.keys(s.shape).length)).toEqual([
      Object.keys(fields).length - 1,
      Object.keys(fields).length + 1,
      Object.keys(fields).length,
      Object.keys(fields).length,
    ]);
  });
});
