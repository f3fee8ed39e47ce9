import type { PrinterStatus } from './status';

export type PrinterErrorCode =
  'PRINTER_OFFLINE' | 'PRINTER_TIMEOUT' | 'PAPER_OUT' | 'COVER_OPEN' | 'PRINTER_ERROR';

/** The message a cashier's screen maps from the code; English here is for developers and logs. */
const MESSAGES: Record<PrinterErrorCode, string> = {
  PRINTER_OFFLINE: 'printer is offline or unreachable',
  PRINTER_TIMEOUT: 'printer did not respond in time',
  PAPER_OUT: 'printer is out of paper',
  COVER_OPEN: 'printer cover is open',
  PRINTER_ERROR: 'printer reported an error',
};

/** A failed print. The sale is never affected: the job sits in the reprint queue under `jobId`. */
export class PrinterError extends Error {
  override readonly cause: string;
  jobId: number | undefined;

  constructor(
    readonly code: PrinterErrorCode,
    readonly printer: string,
    cause: string,
  ) {
    super(`${printer}: ${MESSAGES[code]} (${cause})`);
    this.name = 'PrinterError';
    this.cause = cause;
  }

  toJSON(): { code: PrinterErrorCode; printer: string; cause: string; jobId?: number } {
    return { code: this.code, printer: this.printer, cause: this.cause, jobId: this.jobId };
  }
}

/** Thrown by transports when an operation exceeds its deadline. */
export class TransportTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what} timed out after ${ms} ms`);
  }
}

/** Thrown by transports when the device hangs up before answering. */
export class TransportClosedError extends Error {
  readonly code = 'ECLOSED';
}

const OFFLINE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT',
  'ENODEV',
  'ENXIO',
  'EIO',
  'ECLOSED',
]);

export function statusToError(printer: string, status: PrinterStatus): PrinterError | null {
  if (status.paperOut) return new PrinterError('PAPER_OUT', printer, 'status: paper end');
  if (status.coverOpen) return new PrinterError('COVER_OPEN', printer, 'status: cover open');
  if (status.error) return new PrinterError('PRINTER_ERROR', printer, 'status: error bit set');
  if (!status.online) return new PrinterError('PRINTER_OFFLINE', printer, 'status: offline');
  return null;
}

/** Maps whatever a transport threw to the printer error a cashier is shown. */
export function toPrinterError(printer: string, err: unknown): PrinterError {
  if (err instanceof PrinterError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const text = err instanceof Error ? err.message : String(err);
  const cause = code && !text.includes(code) ? `${code}: ${text}` : text;
  if (code === 'ETIMEDOUT') return new PrinterError('PRINTER_TIMEOUT', printer, cause);
  if (OFFLINE_CODES.has(code)) return new PrinterError('PRINTER_OFFLINE', printer, cause);
  // serialport's open errors carry no code, only the OS message.
  if (/No such file or directory|No such device|Input\/output error/i.test(text)) {
    return new PrinterError('PRINTER_OFFLINE', printer, cause);
  }
  return new PrinterError('PRINTER_ERROR', printer, cause);
}
