/**
 * The shop the browser tests sell in: the db fixture (two cooperatives, argan oil, amlou, honey by weight)
 * plus what a till day needs on top: a named shop for the receipt header, a wholesale customer account, and
 * a product that was never delivered (out of stock). No cash session: the cashier opens it in the browser.
 */
import { gs1CheckDigit } from '../../core/barcode';
import { createCustomer } from '../../db/services/customers';
import { createProduct } from '../../db/services/products';
import { updateSettings } from '../../db/services/settings';
import { makeFixture } from '../db/fixture';

export const SHOP_NAME = 'Souk Tadamoun E2E';

function ean13(first12: string): string {
  return `${first12}${gs1CheckDigit(first12)}`;
}

export function makeShop() {
  const fx = makeFixture({ openSession: false });
  updateSettings(fx.store, null, {
    shop: {
      name: SHOP_NAME,
      address: '24, avenue Mohammed V',
      city: 'Rabat',
      phone: '+212 537 00 00 00',
      ice: '002716493000058',
      if: '40298731',
      rc: 'Rabat 139517',
      patente: '26190437',
      receiptFooter: 'Merci pour votre achat solidaire',
    },
  });
  const hotel = createCustomer(fx.store, null, { name: 'Hôtel La Tour Hassan', tier: 'wholesale' });
  const soapCode = ean13('611123450001');
  const soap = createProduct(fx.store, null, {
    sku: 'SAV-NOIR',
    nameFr: 'Savon noir à l’eucalyptus',
    nameAr: 'الصابون البلدي بالأوكالبتوس',
    cooperativeId: fx.coops.honey.id,
    unit: 'piece',
    vatCode: 'S20',
    retailPrice: 3500,
    semiPrice: 3200,
    wholesalePrice: 3000,
    semiMinQty: 6000,
    wholesaleMinQty: 24000,
    qualityLabels: [],
    scaleRef: null,
    terms: null,
    barcodes: [soapCode],
  });
  const amlouCode = fx.products.amlou.barcodes[0];
  const oilCode = fx.products.oil.barcodes[0];
  if (!amlouCode || !oilCode) throw new Error('fixture products lost their barcodes');
  fx.db.close();
  return {
    fx,
    file: fx.file,
    hotel,
    soap,
    codes: { oil: oilCode, amlou: amlouCode, soap: soapCode },
    users: {
      admin: { id: fx.users.admin.id, name: 'Admin', pin: '9999' },
      manager: { id: fx.users.manager.id, name: 'Samira', pin: '2468' },
      cashier: { id: fx.users.cashier.id, name: 'Youssef', pin: '1357' },
    },
  };
}

export type Shop = ReturnType<typeof makeShop>;
