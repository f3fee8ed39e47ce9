/**
 * Every failure a user can meet has a stable code (translated by the renderer) and a precise
 * English message naming what was wrong, plus structured details for the screen to use.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_PIN',
  'LOCKED_OUT',
  'APPROVAL_REQUIRED',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_BARCODE',
  'UNKNOWN_BARCODE',
  'OUT_OF_STOCK',
  'INVALID_QUANTITY',
  'INVALID_PRICE',
  'INVALID_DISCOUNT',
  'PAYMENT_MISMATCH',
  'NO_CASH_SESSION',
  'CASH_SESSION_OPEN',
  'SALE_VOIDED',
  'ALREADY_SETTLED',
  'RETURN_EXCEEDS_SALE',
  'SETTLEMENT_EMPTY',
  'SETTLEMENT_STATE',
  'SETTLEMENT_NOT_POSITIVE',
  'SALE_ID_REUSED',
  'BACKUP_TARGET_EXISTS',
  'BACKUP_FAILED',
  'CSV_INVALID',
  'DB_TOO_NEW',
  'PRINTER_ERROR',
  'PRINTER_OFFLINE',
  'PRINTER_TIMEOUT',
  'PAPER_OUT',
  'COVER_OPEN',
  'NO_PRINTER',
  'NO_SCALE',
  'SCALE_MOTION',
  'SCALE_OVERLOAD',
  'SCALE_UNDER_ZERO',
  'SCALE_OFFLINE',
  'SCALE_TIMEOUT',
  'DEVICE_ERROR',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function fail(code: ErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw new AppError(code, message, details);
}
