import type { z } from 'zod';
import type { DevicesConfigSchema } from './schemas';

/** The devices' configuration as devices.configure takes it and devices.get gives it back. */
export type DevicesConfigIn = z.output<typeof DevicesConfigSchema>;
export type DevicesConfigOut = z.input<typeof DevicesConfigSchema>;

/** Where a serial device is: connected, or not and why; a missing device is retried in the background. */
export interface DeviceLinkStatus {
  path: string;
  status: 'connected' | 'connecting' | 'not_connected';
  error: string | null;
  attempts: number;
  nextAttemptAt: number | null;
}

export type DisplayScreen =
  | { screen: 'welcome' }
  | { screen: 'item'; nameFr: string; quantityText: string; amount: number }
  | { screen: 'total'; total: number }
  | { screen: 'payment'; total: number; tendered: number; change: number };

export interface Printed {
  printer: string;
  bytes: number;
}

/**
 * What the API's handlers ask of the station's devices (ctx.devices). The host (station server, Electron
 * main) owns them: devices/hub.ts `DeviceHub` is the implementation, kept out of api/ so that api/ (and the
 * report workers that import its handlers) never load serialport. Failures are typed errors (NO_PRINTER,
 * PRINTER_*, SCALE_*, DEVICE_ERROR); a failed receipt waits in the reprint queue.
 */
export interface StationDevices {
  config(): DevicesConfigOut;
  configure(config: DevicesConfigIn): Promise<DevicesConfigOut>;
  listPorts(): Promise<{ path: string; manufacturer: string | null }[]>;
  status(): {
    scale: DeviceLinkStatus | null;
    display: DeviceLinkStatus | null;
    scanner: DeviceLinkStatus | null;
  };
  testPrint(): Promise<Printed>;
  printSale(saleId: number, options: { copy?: boolean; openDrawer?: boolean }): Promise<Printed>;
  printReturn(returnId: number): Promise<Printed>;
  openDrawer(): Promise<{ ok: true }>;
  printQueue(): {
    id: number;
    createdAt: number;
    printer: string;
    attempts: number;
    lastError: string | null;
  }[];
  retryQueue(): Promise<{ printed: number; failed: number; pending: number }>;
  readScale(timeoutMs: number): Promise<{ grams: number }>;
  /** Raw ESC/POS (labels), not queued. */
  printRaw(bytes: Buffer): Promise<Printed>;
  /** Text lines (X/Z reports) on the receipt printer, not queued. */
  printLines(lines: readonly string[]): Promise<Printed>;
  /** The receipt printer's paper width in dots (labels are drawn to it). */
  paperDots(): number;
  showOnDisplay(screen: DisplayScreen): Promise<{ shown: boolean; lines: [string, string] }>;
  /** Serial-scanner codes after `after`, waiting up to waitMs for one (long poll). */
  pollScans(
    after: number,
    waitMs: number,
  ): Promise<{ enabled: boolean; scans: { seq: number; code: string; at: number }[]; last: number }>;
  /** The host's lifecycle: start the serial devices in the background; release them at shutdown. */
  start(): void;
  close(): Promise<void>;
}
