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

/** Prints the sale's receipt; a failure never touches the sale (the station queues it for reprint). */
export async function printReceipt(saleId: number, openDrawer: boolean): Promise<void> {
  await call('devices.printReceipt', { saleId, openDrawer });
}
