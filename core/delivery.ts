/**
 * Deliveries received as every layer sees them: what db/services/deliveries.ts returns, what api/schemas.ts
 * sends (checked equal at compile time), what the deliveries screen and the labels dialog read.
 */
import type { Unit } from './quantity';

export interface DeliverySummary {
  id: number;
  cooperativeId: number;
  cooperativeName: string;
  noteRef: string;
  receivedAt: number;
  userName: string;
  comment: string;
  lineCount: number;
}

export interface DeliveryPage {
  rows: DeliverySummary[];
  total: number;
  offset: number;
  limit: number;
}

export interface DeliveryLine {
  lineId: number;
  productId: number;
  sku: string;
  nameFr: string;
  nameAr: string;
  unit: Unit;
  /** Milli-units. */
  quantity: number;
  lot: string;
  bestBefore: string | null;
  /** The product carries a manufacturer's GS1 code: its pack is barcoded, a shop label is optional. */
  ownGtin: boolean;
}

export interface DeliveryDetail extends Omit<DeliverySummary, 'lineCount'> {
  lines: DeliveryLine[];
}
