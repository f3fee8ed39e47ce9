import type { Cooperative } from '../../db/services/cooperatives';
import type { SettlementStatement, StatementLine } from '../../db/services/settlements';
import type { StockRow } from '../../db/services/stock';

export const shop = {
  name: 'Souk Solidaire Agdal',
  address: '12 avenue Fal Ould Oumeir, Agdal, Rabat',
  ice: '001234567000089',
  if: '40123456',
  rc: 'RAB 98765',
};

export const coop: Cooperative = {
  id: 7,
  nameFr: 'Coopérative Tighanimine',
  nameAr: 'تعاونية تيغانيمين',
  registrationNo: '2004/12',
  ice: '002345678000011',
  region: 'Souss-Massa',
  womens: true,
  contactName: 'Fatima Aït Baha',
  phone: '+212600000000',
  email: null,
  bankName: 'Crédit Agricole du Maroc',
  bankAccount: '225 810 0001234567890123 45',
  commissionBp: 2000,
  active: true,
};

const products = [
  {
    sku: 'ARG-100',
    nameFr: "Huile d'argan alimentaire 250 ml",
    nameAr: 'زيت الأركان الغذائي',
    unit: 'piece',
  },
  { sku: 'AML-500', nameFr: 'Amlou aux amandes', nameAr: 'أملو باللوز', unit: 'kg' },
  { sku: 'MIE-EUP', nameFr: "Miel d'euphorbe", nameAr: 'عسل الدغموس', unit: 'kg' },
  {
    sku: 'SAV-BLD',
    nameFr: 'Savon beldi à l’eucalyptus',
    nameAr: 'الصابون البلدي بالكاليبتوس',
    unit: 'piece',
  },
  { sku: 'EAU-ROS', nameFr: 'Eau de rose de Kelâat M’Gouna', nameAr: 'ماء الورد قلعة مكونة', unit: 'l' },
] as const;

const TIERS = ['retail', 'semi', 'wholesale'] as const;

/** `n` sale lines cycling through products and tiers, amounts chosen so sums are easy to check. */
export function saleLines(n: number): StatementLine[] {
  return Array.from({ length: n }, (_, i) => {
    const p = products[i % products.length]!;
    const quantity = p.unit === 'piece' ? ((i % 7) + 1) * 1000 : 250 + i * 37;
    const amount = 1000 + ((i * 7919) % 250_000);
    const commission = Math.round(amount / 5);
    return {
      productId: 100 + i,
      sku: `${p.sku}-${i}`,
      nameFr: `${p.nameFr}${i >= products.length ? ` n°${i}` : ''}`,
      nameAr: p.nameAr,
      unit: p.unit,
      tier: TIERS[i % 3]!,
      quantity,
      amount,
      payout: amount - commission,
      commission,
    };
  });
}

export function statement(
  sales: StatementLine[],
  returns: Omit<StatementLine, 'tier'>[] = [],
  status: SettlementStatement['status'] = 'issued',
): SettlementStatement {
  const sum = (
    rows: { amount: number; payout: number; commission: number }[],
    k: 'amount' | 'payout' | 'commission',
  ) => rows.reduce((s, r) => s + r[k], 0);
  const grossSales = sum(sales, 'amount');
  const returned = sum(returns, 'amount');
  return {
    id: status === 'draft' ? null : 3,
    number: status === 'draft' ? null : 'RG-2025-0003',
    kind: 'statement',
    status,
    cooperative: coop,
    // 1 June 2025 00:00 and 1 July 2025 00:00 in Casablanca (UTC+1 then).
    periodStart: Date.UTC(2025, 4, 31, 23),
    periodEnd: Date.UTC(2025, 5, 30, 23),
    issuedAt: status === 'draft' ? null : Date.UTC(2025, 6, 1, 9, 30),
    paidAt: status === 'paid' ? Date.UTC(2025, 6, 5, 10) : null,
    paymentReference: status === 'paid' ? 'VIR-778812' : null,
    sales,
    returns,
    totals: {
      grossSales,
      returns: returned,
      netSales: grossSales - returned,
      commission: sum(sales, 'commission') - sum(returns, 'commission'),
      payout: sum(sales, 'payout') - sum(returns, 'payout'),
    },
    saleLineCount: sales.length,
    returnLineCount: returns.length,
  };
}

export const returnLines: Omit<StatementLine, 'tier'>[] = [
  {
    productId: 100,
    sku: 'ARG-100-0',
    nameFr: "Huile d'argan alimentaire 250 ml",
    nameAr: 'زيت الأركان الغذائي',
    unit: 'piece',
    quantity: 2000,
    amount: 18_000,
    payout: 14_400,
    commission: 3_600,
  },
  {
    productId: 101,
    sku: 'AML-500-1',
    nameFr: 'Amlou aux amandes',
    nameAr: 'أملو باللوز',
    unit: 'kg',
    quantity: 750,
    amount: 7_125,
    payout: 5_700,
    commission: 1_425,
  },
];

export function stockRows(): StockRow[] {
  return [
    {
      productId: 100,
      sku: 'ARG-100',
      nameFr: "Huile d'argan alimentaire 250 ml",
      nameAr: 'زيت الأركان الغذائي',
      unit: 'piece',
      cooperativeId: coop.id,
      cooperativeName: coop.nameFr,
      cooperativeNameAr: coop.nameAr,
      onHand: 14_000,
      value: { retail: 126_000, semi: 115_500, wholesale: 105_000 },
      ageDays: 21,
      nearestBestBefore: '2026-03-31',
      bestBeforeDaysLeft: 30,
      lowStockAlert: null,
      soldLast30Days: 22_000,
    },
    {
      productId: 101,
      sku: 'AML-500',
      nameFr: 'Amlou aux amandes',
      nameAr: 'أملو باللوز',
      unit: 'kg',
      cooperativeId: coop.id,
      cooperativeName: coop.nameFr,
      cooperativeNameAr: coop.nameAr,
      onHand: 3_250,
      value: { retail: 30_875, semi: 28_000, wholesale: 26_000 },
      ageDays: 9,
      nearestBestBefore: null,
      bestBeforeDaysLeft: null,
      lowStockAlert: null,
      soldLast30Days: 4_500,
    },
    {
      productId: 900,
      sku: 'OTHER-1',
      nameFr: 'Produit d’une autre coopérative',
      nameAr: 'منتج آخر',
      unit: 'piece',
      cooperativeId: 99,
      cooperativeName: 'Autre',
      cooperativeNameAr: 'أخرى',
      onHand: 5_000,
      value: { retail: 5_000, semi: 5_000, wholesale: 5_000 },
      ageDays: 3,
      nearestBestBefore: null,
      bestBeforeDaysLeft: null,
      lowStockAlert: null,
      soldLast30Days: 0,
    },
  ];
}
