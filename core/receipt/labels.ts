import type { Language } from '../languages';
import type { PaymentMethod, PriceTier } from './document';

/** The fixed words printed on a receipt, per receipt language. */
export interface ReceiptLabels {
  receiptNo: string;
  till: string;
  cashier: string;
  date: string;
  total: string;
  discount: string;
  items: string;
  vat: string;
  vatRate: string;
  vatNet: string;
  vatAmount: string;
  vatGross: string;
  change: string;
  tendered: string;
  copy: string;
  refund: string;
  returnNo: string;
  originalReceipt: string;
  thanks: string;
  currency: string;
  ice: string;
  if: string;
  rc: string;
  patente: string;
  phone: string;
  payment: Record<PaymentMethod, string>;
  tier: Record<PriceTier, string>;
}

const FR: ReceiptLabels = {
  receiptNo: 'Ticket n°',
  till: 'Caisse',
  cashier: 'Caissier',
  date: 'Date',
  total: 'Total',
  discount: 'Remise',
  items: 'Articles',
  vat: 'TVA',
  vatRate: 'Taux',
  vatNet: 'HT',
  vatAmount: 'TVA',
  vatGross: 'TTC',
  change: 'Rendu',
  tendered: 'Reçu',
  copy: '*** COPIE ***',
  refund: '*** REMBOURSEMENT ***',
  returnNo: 'Retour n°',
  originalReceipt: "Ticket d'origine n°",
  thanks: 'Merci de votre visite',
  currency: 'DH',
  ice: 'ICE',
  if: 'IF',
  rc: 'RC',
  patente: 'Patente',
  phone: 'Tél',
  payment: { cash: 'Espèces', card: 'Carte', mobile: 'Paiement mobile', voucher: 'Bon' },
  tier: { retail: 'Détail', semi: 'Demi-gros', wholesale: 'Gros' },
};

const AR: ReceiptLabels = {
  receiptNo: 'تذكرة رقم',
  till: 'الصندوق',
  cashier: 'أمين الصندوق',
  date: 'التاريخ',
  total: 'المجموع',
  discount: 'تخفيض',
  items: 'المواد',
  vat: 'ض.ق.م',
  vatRate: 'النسبة',
  vatNet: 'الصافي',
  vatAmount: 'الضريبة',
  vatGross: 'الإجمالي',
  change: 'الباقي',
  tendered: 'المدفوع',
  copy: '*** نسخة ***',
  refund: '*** استرجاع ***',
  returnNo: 'رقم الإرجاع',
  originalReceipt: 'رقم التذكرة الأصلية',
  thanks: 'شكرا على زيارتكم',
  currency: 'درهم',
  ice: 'ICE',
  if: 'IF',
  rc: 'RC',
  patente: 'الباتنتا',
  phone: 'الهاتف',
  payment: { cash: 'نقدا', card: 'بطاقة', mobile: 'أداء بالهاتف', voucher: 'قسيمة' },
  tier: { retail: 'بالتقسيط', semi: 'نصف الجملة', wholesale: 'بالجملة' },
};

const EN: ReceiptLabels = {
  receiptNo: 'Receipt no.',
  till: 'Till',
  cashier: 'Cashier',
  date: 'Date',
  total: 'Total',
  discount: 'Discount',
  items: 'Items',
  vat: 'VAT',
  vatRate: 'Rate',
  vatNet: 'Net',
  vatAmount: 'VAT',
  vatGross: 'Gross',
  change: 'Change',
  tendered: 'Tendered',
  copy: '*** COPY ***',
  refund: '*** REFUND ***',
  returnNo: 'Return no.',
  originalReceipt: 'Original receipt no.',
  thanks: 'Thank you for your visit',
  currency: 'DH',
  ice: 'ICE',
  if: 'IF',
  rc: 'RC',
  patente: 'Patente',
  phone: 'Tel',
  payment: { cash: 'Cash', card: 'Card', mobile: 'Mobile payment', voucher: 'Voucher' },
  tier: { retail: 'Retail', semi: 'Semi-wholesale', wholesale: 'Wholesale' },
};

const LABELS: Record<Language, ReceiptLabels> = { fr: FR, ar: AR, en: EN };

export function receiptLabels(language: Language): ReceiptLabels {
  return LABELS[language];
}
