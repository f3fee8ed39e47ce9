/** The transfer note's words (documents/html/transfer-note.ts), fr/ar/en, catalogue syntax (core/message-format.ts). */
import type { DocText } from './document-labels';

export const TRANSFER_NOTE_LABELS = {
  title: { fr: 'Bon de transfert', ar: 'وصل تحويل', en: 'Transfer note' },
  from: { fr: 'Boutique expéditrice', ar: 'المتجر المرسل', en: 'Sending shop' },
  to: { fr: 'Boutique destinataire', ar: 'المتجر المستلم', en: 'Receiving shop' },
  reference: { fr: 'Référence du transfert', ar: 'مرجع التحويل', en: 'Transfer reference' },
  note: { fr: 'Note', ar: 'ملاحظة', en: 'Note' },
  ownership: {
    fr: 'Marchandise en dépôt-vente : elle reste la propriété de chaque coopérative nommée.',
    ar: 'بضاعة في إطار البيع بالإيداع: تبقى ملكًا للتعاونية المذكورة في كل سطر.',
    en: 'Consigned goods: each line stays the property of the cooperative named.',
  },
  colRef: { fr: 'Réf.', ar: 'المرجع', en: 'Ref.' },
  colProduct: { fr: 'Produit', ar: 'المنتج', en: 'Product' },
  colCoop: { fr: 'Coopérative', ar: 'التعاونية', en: 'Cooperative' },
  colLot: { fr: 'Lot', ar: 'رقم الحصة', en: 'Lot' },
  colBestBefore: { fr: 'DLUO', ar: 'صالح إلى', en: 'Best before' },
  colSent: { fr: 'Quantité envoyée', ar: 'الكمية المرسلة', en: 'Quantity sent' },
  colCounted: { fr: 'Quantité reçue', ar: 'الكمية المستلمة', en: 'Quantity received' },
  lines: { fr: 'Marchandise transférée', ar: 'البضاعة المحولة', en: 'Goods transferred' },
  lineCount: {
    fr: '{count, plural, one {# ligne} other {# lignes}}',
    ar: '{count, plural, zero {لا سطر} one {سطر واحد} two {سطران} few {# أسطر} many {# سطرًا} other {# سطر}}',
    en: '{count, plural, one {# line} other {# lines}}',
  },
  senderSignature: {
    fr: 'Expéditeur (nom, date, signature)',
    ar: 'المرسل (الاسم، التاريخ، التوقيع)',
    en: 'Sender (name, date, signature)',
  },
  driverSignature: {
    fr: 'Chauffeur (nom, date, signature)',
    ar: 'السائق (الاسم، التاريخ، التوقيع)',
    en: 'Driver (name, date, signature)',
  },
  receiverSignature: {
    fr: 'Destinataire (nom, date, signature)',
    ar: 'المستلم (الاسم، التاريخ، التوقيع)',
    en: 'Receiver (name, date, signature)',
  },
} satisfies Record<string, DocText>;
