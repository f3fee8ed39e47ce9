/**
 * Every failure a user can meet has a stable code (translated by the renderer) and a precise
 * English message naming what was wrong, plus structured details for the screen to use.
 * A new code also needs its HTTP status in api/error-status.ts (the compiler insists) and `error.<CODE>` in
 * renderer/i18n/{fr,ar,en}.ts (tests/api/error-model.test.ts insists).
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
  'CLIENT_ID_REUSED',
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
  'LAST_ADMIN',
  'AMOUNT_OUT_OF_RANGE',
  'RECEIPT_INVALID',
  'INVALID_NOMENCLATURE',
  'CODE_OUT_OF_RANGE',
  'INVALID_VAT_CODE',
  'VAT_RATE_MISSING',
  'VAT_CHANGE_BACKDATED',
  'VAT_RATE_OVERLAP',
  'INVALID_ICE',
  'ALREADY_INVOICED',
  'INVOICE_BUYER_MISMATCH',
  'INVOICE_EMPTY',
  'CUSTOMER_ERASED',
  'CONSENT_NO_CONTACT',
  'ERASE_NOT_CONFIRMED',
  'SHOP_FISCAL_ID_MISSING',
  'CUSTOMER_ICE_MISSING',
  'INVALID_TERMS',
  'SIGN_MISMATCH',
  'ARABIC_FONT_MISSING',
  'ESCPOS_OPTION_INVALID',
  'DISPLAY_UNAVAILABLE',
  'DISPLAY_DECODE',
  'INVALID_EAN13',
  'INVALID_LABEL',
  'PNG_UNSUPPORTED',
  'CHROMIUM_MISSING',
  'DOCUMENT_RENDER_FAILED',
  'RETURN_NOTE_EMPTY',
  'HOST_NOT_ALLOWED',
  'DEVICE_NOT_PAIRED',
  'TILL_REVOKED',
  'PAIRING_CODE_INVALID',
  'PAIRING_CODE_EXPIRED',
  'NOT_A_TILL',
  'LOCAL_ONLY',
  'REQUEST_TOO_LARGE',
  'REQUEST_TIMEOUT',
  'STATION_BUSY',
  'STATION_UNREACHABLE',
  'RECEIPT_OUT_OF_SEQUENCE',
  'SALES_NOT_SENT',
  'HQ_SEQUENCE_GAP',
  'HQ_CHAIN_BROKEN',
  'HQ_SHOP_FLAGGED',
  'HQ_UNREACHABLE',
  'HQ_CERT_MISMATCH',
  'HQ_INSECURE_URL',
  'TRANSFER_ALREADY_RECEIVED',
  'HQ_LOCAL_PRODUCTS_NOT_ALLOWED',
  'HQ_LOCAL_PRICES_NOT_ALLOWED',
  'HQ_FIELD_READ_ONLY',
  'CERTIFICATE_DOCUMENT_REJECTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes that modules below the API throw under another name, and the code of ours that says the same thing
 * to the user. None at present: labels, documents and receipts share one Arabic font locator
 * (hardware/text/arabic.ts, ARABIC_FONT_MISSING). (The printer transports' ETIMEDOUT / ECLOSED are not
 * aliased: toPrinterError wraps them, and Node uses ETIMEDOUT too.)
 */
export const ERROR_ALIASES: Readonly<Record<string, ErrorCode>> = {};

/** Our code for an error's `code` property (its own, or through an alias); null when it is not one of ours. */
export function knownErrorCode(code: unknown): ErrorCode | null {
  if (typeof code !== 'string') return null;
  if ((ERROR_CODES as readonly string[]).includes(code)) return code as ErrorCode;
  return Object.prototype.hasOwnProperty.call(ERROR_ALIASES, code) ? (ERROR_ALIASES[code] ?? null) : null;
}

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
