import type { MethodName } from '../../api/contract';
import { call } from './client';

type InContract<M extends string> = M extends MethodName ? true : false;

/**
 * The weigh prompt shows "read scale" only when the contract has `devices.readScale`. The type keeps
 * this honest: if the method leaves api/contract.ts, `true` no longer type-checks here.
 */
export const HAS_READ_SCALE: InContract<'devices.readScale'> = true;

/** A stable weight from the scale in milli-units (grams are milli-kilograms). */
export async function readScale(): Promise<number | null> {
  const { grams } = await call('devices.readScale', {});
  return Number.isSafeInteger(grams) && grams > 0 ? grams : null;
}

/** Prints a customer return's refund slip; like a receipt, a failure is queued for reprint. */
export async function printRefundSlip(returnId: number): Promise<void> {
  await call('devices.printReturn', { returnId });
}

/** Prints the X report of the open session on the receipt printer. */
export async function printXReport(): Promise<void> {
  await call('cash.printReport', { print: true });
}

/** Prints the sale's receipt; a failure never touches the sale (the station queues it for reprint). */
export async function printReceipt(saleId: number, openDrawer: boolean): Promise<void> {
  await call('devices.printReceipt', { saleId, openDrawer });
}
