import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeEscPos } from '../printer/escpos-decoder';
import { VirtualPrinter } from '../printer/virtual-printer';
import { ScaleSimulator } from '../scale/simulator';
import { openPtyPair, type PtyPair } from './pty-pair';

export interface DemoDevices {
  printerPort: number;
  /** Where each job the virtual printer receives is written as text, when asked for. */
  printerOutput: string | null;
  scalePath: string | null;
  printer: VirtualPrinter;
  scale: ScaleSimulator | null;
  close(): Promise<void>;
}

/**
 * The virtual devices a new user sees without hardware: an ESC/POS printer on TCP and a Toledo 8217 scale
 * on a pseudo-terminal pair (when socat is installed). The weight on the pan can be changed for demos.
 */
export async function startDemoDevices(
  options: { printerPort?: number; grams?: number; printerOutput?: string } = {},
): Promise<DemoDevices> {
  const printer = new VirtualPrinter();
  await printer.start(options.printerPort ?? 0);
  const printerPort = printer.port;
  const printerOutput = options.printerOutput ?? null;
  if (printerOutput) {
    mkdirSync(dirname(printerOutput), { recursive: true });
    // A new user sees what "printed" without a printer: every job decoded back to its text.
    printer.on('job', (bytes: Buffer) => appendFileSync(printerOutput, printedText(bytes, new Date())));
  }
  let pair: PtyPair | null = null;
  let scale: ScaleSimulator | null = null;
  try {
    pair = await openPtyPair();
    scale = await ScaleSimulator.open({
      path: pair.b,
      protocol: 'toledo-8217',
      initial: { grams: options.grams ?? 1250 },
    });
  } catch {
    await pair?.close();
    pair = null;
  }
  return {
    printerPort,
    printerOutput,
    scalePath: pair?.a ?? null,
    printer,
    scale,
    async close() {
      await scale?.close().catch(() => undefined);
      await pair?.close();
      await printer.close();
    },
  };
}

/** One print job as a reader of the demo's output file sees it: a dated header, the lines, what is not text. */
export function printedText(bytes: Buffer, at: Date): string {
  const job = decodeEscPos(bytes);
  const notes = [
    ...(job.images.length > 0 ? [`[${job.images.length} line(s) in Arabic, printed as images]`] : []),
    ...job.barcodes.map((b) => `[barcode ${b.type} ${b.data}]`),
    ...(job.drawerKicks.length > 0 ? ['[cash drawer opened]'] : []),
    ...(job.cuts > 0 ? ['[paper cut]'] : []),
  ];
  return [`===== ${at.toISOString()} (${bytes.length} bytes) =====`, ...job.lines, ...notes, '', ''].join(
    '\n',
  );
}
