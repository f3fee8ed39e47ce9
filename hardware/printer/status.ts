/**
 * ESC/POS real-time status (DLE EOT n). Each answer is one byte whose bits 1 and 4 are always set
 * (0x12) and bits 0 and 7 clear; the other bits mean:
 *   n=1 printer:        bit 3 offline
 *   n=2 offline cause:  bit 2 cover open, bit 5 stopped by paper end, bit 6 error
 *   n=4 paper sensor:   bits 2-3 roll near end, bits 5-6 roll end
 */

export const STATUS_QUERY = Buffer.from([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4]);
export const STATUS_REPLY_LENGTH = 3;

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

export const STATUS_OK: PrinterStatus = {
  online: true,
  coverOpen: false,
  paperOut: false,
  paperNearEnd: false,
  error: false,
};

/** Whether a byte has the fixed bits of a real-time status reply (so garbage is not read as a status). */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export function parseStatus(reply: Uint8Array): PrinterStatus | null {
  const [printer, offline, paper] = [reply[0], reply[1], reply[2]];
  if (printer === undefined || offline === undefined || paper === undefined) return null;
  if (!isStatusByte(printer) || !isStatusByte(offline) || !isStatusByte(paper)) return null;
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    paperOut: (offline & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    error: (offline & 0x40) !== 0,
  };
}

/** The byte a printer in `status` answers to DLE EOT n (used by the virtual printer). */
export function statusReplyByte(status: PrinterStatus, n: number): number {
  let b = 0x12;
  if (n === 1 && !status.online) b |= 0x08;
  if (n === 2) {
    if (status.coverOpen) b |= 0x04;
    if (status.paperOut) b |= 0x20;
    if (status.error) b |= 0x40;
  }
  if (n === 4) {
    if (status.paperNearEnd) b |= 0x0c;
    if (status.paperOut) b |= 0x60;
  }
  return b;
}
