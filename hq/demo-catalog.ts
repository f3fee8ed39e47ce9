/**
 * The demo HQ's chain catalogue (`npm run hq -- --demo`, `npm start`): two cooperatives the chain buys for
 * every shop and a few of their products, which the demo shop pulls down beside its own (hq/demo.ts). Names
 * are invented; products, regions and prices are those of Moroccan solidarity-economy shops. The demo shop
 * may keep products of its own but not prices of its own on HQ's, so both sides of the rule can be tried.
 */
import type { CatalogAllowance } from '../core/hq-catalog-wire';
import { catalogImportSchema, type CatalogImport } from './catalog-schema';

const coop = (c: {
  code: string;
  nameFr: string;
  nameAr: string;
  registrationNo: string;
  region: string;
  womens: boolean;
  commissionBp: number;
}) => ({ ...c, bankName: 'Crédit Agricole du Maroc' });

const product = (p: {
  sku: string;
  nameFr: string;
  nameAr: string;
  coopCode: string;
  vatCode: 'S20' | 'R7' | 'EX';
  retail: number;
  qualityLabels?: string[];
}) => ({
  sku: p.sku,
  nameFr: p.nameFr,
  nameAr: p.nameAr,
  coopCode: p.coopCode,
  unit: 'piece' as const,
  vatCode: p.vatCode,
  retailPrice: p.retail,
  // Chain tiers: 8 % off from 6 pieces, 15 % off from 24 (prices end in 0.50 dirham like a shelf label).
  semiPrice: Math.round((p.retail * 92) / 100 / 50) * 50,
  wholesalePrice: Math.round((p.retail * 85) / 100 / 50) * 50,
  semiMinQty: 6_000,
  wholesaleMinQty: 24_000,
  qualityLabels: p.qualityLabels ?? [],
});

export const DEMO_HQ_CATALOG: CatalogImport = catalogImportSchema.parse({
  coops: [
    coop({
      code: 'hq:TIFAWIN-SAFRAN',
      nameFr: 'Coopérative Tifawin du Safran',
      nameAr: 'تعاونية تيفاوين للزعفران',
      registrationNo: '2014/231',
      region: 'Drâa-Tafilalet',
      womens: true,
      commissionBp: 2_000,
    }),
    coop({
      code: 'hq:NOUR-SABRA',
      nameFr: 'Coopérative Nour Sabra',
      nameAr: 'تعاونية نور الصبار',
      registrationNo: '2017/88',
      region: 'Guelmim-Oued Noun',
      womens: true,
      commissionBp: 2_500,
    }),
  ],
  products: [
    product({
      sku: 'HQ-SAF-1G',
      nameFr: 'Safran de Taliouine en pistils 1 g',
      nameAr: 'زعفران تالوين 1 غ',
      coopCode: 'hq:TIFAWIN-SAFRAN',
      vatCode: 'S20',
      retail: 4_500,
      qualityLabels: ['Safran de Taliouine AOP'],
    }),
    product({
      sku: 'HQ-SAF-5G',
      nameFr: 'Safran de Taliouine en pistils 5 g',
      nameAr: 'زعفران تالوين 5 غ',
      coopCode: 'hq:TIFAWIN-SAFRAN',
      vatCode: 'S20',
      retail: 20_000,
      qualityLabels: ['Safran de Taliouine AOP'],
    }),
    product({
      sku: 'HQ-FIG-30',
      nameFr: 'Huile de pépins de figue de Barbarie 30 ml',
      nameAr: 'زيت بذور التين الشوكي 30 مل',
      coopCode: 'hq:NOUR-SABRA',
      vatCode: 'S20',
      retail: 18_000,
      qualityLabels: ["Figue de barbarie d'Aït Baâmrane IGP"],
    }),
    product({
      sku: 'HQ-FIG-CONF',
      nameFr: 'Confiture de figue de Barbarie 250 g',
      nameAr: 'مربى التين الشوكي 250 غ',
      coopCode: 'hq:NOUR-SABRA',
      vatCode: 'R7',
      retail: 3_500,
    }),
  ],
});

export const DEMO_ALLOWANCE: CatalogAllowance = { localProducts: true, localPrices: false };
