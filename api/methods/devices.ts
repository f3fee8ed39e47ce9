import { z } from 'zod';
import { method, Empty, Ok, WithApproval } from '../define-method';
import * as S from '../schemas';
/** A serial device's link (devices.status): a missing device is retried in the background, never waited for. */
const DeviceLinkStatusOut = z.object({
  path: z.string(),
  status: z.enum(['connected', 'connecting', 'not_connected']),
  error: z.string().nullable(),
  attempts: S.Int,
  nextAttemptAt: S.Int.nullable(),
});

/** The station's printer, scale, pole display and serial scanner (ctx.devices). */
export const devicesMethods = {
  'devices.get': method({
    summary: 'The receipt printer and scale configured for this till.',
    role: 'manager',
    input: Empty,
    output: S.DevicesConfigSchema,
    handler: (ctx) => ctx.devices.config(),
  }),
  'devices.configure': method({
    summary:
      'Configures the receipt printer (TCP 9100, USB lp device, serial) and the scale (protocol, serial port).',
    role: 'manager',
    input: S.DevicesConfigSchema,
    output: S.DevicesConfigSchema,
    handler: (ctx, i) => ctx.devices.configure(i),
  }),
  'devices.listPorts': method({
    summary: 'Serial ports found on this station.',
    role: 'manager',
    input: Empty,
    output: z.array(z.object({ path: z.string(), manufacturer: z.string().nullable() })),
    handler: (ctx) => ctx.devices.listPorts(),
  }),
  'devices.status': method({
    summary:
      'Whether each configured serial device (scale, pole display, scanner) is connected; a missing one says why and is retried in the background until it appears. Null when not configured.',
    role: 'cashier',
    input: Empty,
    output: z.object({
      scale: DeviceLinkStatusOut.nullable(),
      display: DeviceLinkStatusOut.nullable(),
      scanner: DeviceLinkStatusOut.nullable(),
    }),
    handler: (ctx) => ctx.devices.status(),
  }),
  'devices.testPrint': method({
    summary: 'Prints a test receipt (French accents and Arabic).',
    role: 'manager',
    input: Empty,
    output: z.object({ printer: z.string(), bytes: S.Int }),
    handler: (ctx) => ctx.devices.testPrint(),
  }),
  'devices.printReceipt': method({
    summary:
      'Prints the receipt of a sale (opening the drawer for cash if asked). On failure the receipt is queued for reprint and the error names the printer and the cause; the sale is never affected.',
    role: 'cashier',
    input: z
      .object({ saleId: S.Id, copy: z.boolean().optional(), openDrawer: z.boolean().optional() })
      .strict(),
    output: z.object({ printer: z.string(), bytes: S.Int }),
    handler: (ctx, i) => ctx.devices.printSale(i.saleId, i),
  }),
  'devices.printReturn': method({
    summary:
      'Prints the refund slip of a customer return (its number as a barcode, the receipt it refunds, the refund). On failure it is queued for reprint, like a receipt.',
    role: 'cashier',
    input: z.object({ returnId: S.Id }).strict(),
    output: z.object({ printer: z.string(), bytes: S.Int }),
    handler: (ctx, i) => ctx.devices.printReturn(i.returnId),
  }),
  'devices.openDrawer': method({
    summary: 'Opens the cash drawer outside a sale.',
    role: 'manager',
    approvable: true,
    input: z.object({ ...WithApproval }).strict(),
    output: Ok,
    handler: (ctx) => ctx.devices.openDrawer(),
  }),
  'devices.printQueue': method({
    summary: 'Receipts waiting for a reprint (printer was offline, out of paper...).',
    role: 'cashier',
    input: Empty,
    output: z.array(
      z.object({
        id: S.Int,
        createdAt: S.Int,
        printer: z.string(),
        attempts: S.Int,
        lastError: z.string().nullable(),
      }),
    ),
    handler: (ctx) => ctx.devices.printQueue(),
  }),
  'devices.retryQueue': method({
    summary: 'Reprints the queued receipts in order.',
    role: 'cashier',
    input: Empty,
    output: z.object({ printed: S.Int, failed: S.Int, pending: S.Int }),
    handler: (ctx) => ctx.devices.retryQueue(),
  }),
  'devices.readScale': method({
    summary:
      'A stable weight from the scale, in grams; motion, overload, under zero or no answer are clear errors.',
    role: 'cashier',
    input: z
      .object({ timeoutMs: S.Int.refine((n) => n >= 100 && n <= 15000, '100 to 15000').optional() })
      .strict(),
    output: z.object({ grams: S.Int }),
    handler: (ctx, i) => ctx.devices.readScale(i.timeoutMs ?? 3000),
  }),
  'devices.display': method({
    summary:
      "Shows a screen on the customer's pole display (2x20): welcome, the item just scanned, the total, or total and change at payment. Returns the two lines (also when no display is configured).",
    role: 'cashier',
    input: z.discriminatedUnion('screen', [
      z.object({ screen: z.literal('welcome') }).strict(),
      z
        .object({
          screen: z.literal('item'),
          nameFr: S.NonEmpty(200),
          quantityText: S.Text(20),
          amount: S.Centimes,
        })
        .strict(),
      z.object({ screen: z.literal('total'), total: S.Centimes }).strict(),
      z
        .object({ screen: z.literal('payment'), total: S.Centimes, tendered: S.Centimes, change: S.Centimes })
        .strict(),
    ]),
    output: z.object({ shown: z.boolean(), lines: z.tuple([z.string(), z.string()]) }),
    handler: (ctx, i) => ctx.devices.showOnDisplay(i),
  }),
  'devices.scans': method({
    summary:
      'Codes read by the serial scanner after sequence number `after`; waits up to waitMs for one (long poll). The till passes back `last` next time.',
    role: 'cashier',
    input: z
      .object({
        after: S.Int.refine((n) => n >= 0, 'not negative'),
        waitMs: S.Int.refine((n) => n >= 0 && n <= 25000, '0 to 25000').optional(),
      })
      .strict(),
    output: z.object({
      enabled: z.boolean(),
      scans: z.array(z.object({ seq: S.Int, code: z.string(), at: S.Int })),
      last: S.Int,
    }),
    handler: (ctx, i) => ctx.devices.pollScans(i.after, i.waitMs ?? 0),
  }),
};
