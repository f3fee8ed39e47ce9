/**
 * The fixed words of the invoice and the credit note (issue 13) in French, Arabic and English, in the
 * documents' catalogue form (documents/document-labels.ts): the invoice prints French with Arabic beside it.
 */
import type { DocText } from './document-labels';

export const INVOICE_LABELS = {
  invoice: { fr: 'Facture', ar: 'فاتورة', en: 'Invoice' },
  creditNote: { fr: 'Avoir', ar: 'إشعار دائن', en: 'Credit note' },
  number: { fr: 'N° {number}', ar: 'رقم {number}', en: 'No. {number}' },
  issueDate: { fr: 'Date de facture', ar: 'تاريخ الفاتورة', en: 'Invoice date' },
  dueDate: { fr: "Date d'échéance", ar: 'تاريخ الاستحقاق', en: 'Due date' },
  terms: { fr: 'Conditions de paiement', ar: 'شروط الأداء', en: 'Payment terms' },
  corrects: {
    fr: 'Annule et corrige la facture {number}',
    ar: 'يلغي ويصحح الفاتورة {number}',
    en: 'Cancels and corrects invoice {number}',
  },
  reason: { fr: 'Motif', ar: 'السبب', en: 'Reason' },
  seller: { fr: 'Vendeur', ar: 'البائع', en: 'Seller' },
  buyer: { fr: 'Client', ar: 'الزبون', en: 'Customer' },
  address: { fr: 'Adresse', ar: 'العنوان', en: 'Address' },
  ice: { fr: 'ICE', ar: 'ICE', en: 'ICE' },
  if: { fr: 'IF', ar: 'IF', en: 'Tax ID (IF)' },
  rc: { fr: 'RC', ar: 'RC', en: 'Trade reg. (RC)' },
  tp: { fr: 'TP', ar: 'TP', en: 'Business tax (TP)' },
  cnss: { fr: 'CNSS', ar: 'CNSS', en: 'CNSS' },
  lines: { fr: 'Détail', ar: 'التفاصيل', en: 'Details' },
  colNo: { fr: 'N°', ar: 'رقم', en: 'No.' },
  colItem: { fr: 'Désignation', ar: 'البيان', en: 'Description' },
  colQty: { fr: 'Qté', ar: 'الكمية', en: 'Qty' },
  colUnitHt: { fr: 'P.U. HT', ar: 'ث.و. دون ض', en: 'Unit price excl.' },
  colRate: { fr: 'TVA', ar: 'الضريبة', en: 'VAT' },
  colHt: { fr: 'Total HT', ar: 'المجموع دون ضريبة', en: 'Total excl.' },
  byRate: { fr: 'Récapitulatif TVA', ar: 'ملخص الضريبة على القيمة المضافة', en: 'VAT summary' },
  colBase: { fr: 'Base HT', ar: 'الأساس دون ضريبة', en: 'Base excl.' },
  colTva: { fr: 'Montant TVA', ar: 'مبلغ الضريبة', en: 'VAT amount' },
  colTtc: { fr: 'Total TTC', ar: 'المجموع مع الضريبة', en: 'Total incl.' },
  colMention: { fr: 'Mention', ar: 'ملاحظة', en: 'Note' },
  exempt: { fr: 'Exonéré', ar: 'معفى', en: 'Exempt' },
  totalHt: { fr: 'Total HT', ar: 'المجموع دون ضريبة', en: 'Total excl. VAT' },
  totalTva: { fr: 'Total TVA', ar: 'مجموع الضريبة', en: 'Total VAT' },
  totalTtc: { fr: 'Total TTC', ar: 'المجموع مع الضريبة', en: 'Total incl. VAT' },
  netToPay: { fr: 'Net à payer', ar: 'الصافي للأداء', en: 'Amount due' },
  netCredited: { fr: 'Net à rembourser ou à déduire', ar: 'الصافي للإرجاع أو الخصم', en: 'Amount credited' },
  amountWordsInvoice: {
    fr: 'Arrêtée la présente facture à la somme de',
    ar: 'حُدّدت هذه الفاتورة في مبلغ',
    en: 'This invoice is set at the sum of',
  },
  amountWordsCredit: {
    fr: 'Arrêté le présent avoir à la somme de',
    ar: 'حُدّد هذا الإشعار الدائن في مبلغ',
    en: 'This credit note is set at the sum of',
  },
  stamp: {
    fr: 'Cachet et signature du vendeur',
    ar: 'ختم وتوقيع البائع',
    en: "Seller's stamp and signature",
  },
  currency: { fr: 'Montants en dirhams (MAD)', ar: 'المبالغ بالدرهم', en: 'Amounts in dirhams (MAD)' },
  lineCount: {
    fr: '{count, plural, one {# ligne} other {# lignes}}',
    ar: '{count, plural, zero {لا سطر} one {سطر واحد} two {سطران} few {# أسطر} many {# سطرًا} other {# سطر}}',
    en: '{count, plural, one {# line} other {# lines}}',
  },
} satisfies Record<string, DocText>;
