import { VirtualPrinter } from '../printer/virtual-printer';
import { ScaleSimulator } from '../scale/simulator';
import { openPtyPair, type PtyPair } from './pty-pair';

export interface DemoDevices {
  printerPort: number;
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
  options: { printerPort?: number; grams?: number } = {},
): Promise<DemoDevices> {
  const printer = new VirtualPrinter();
  await printer.start(options.printerPort ?? 0);
  const printerPort = printer.port;
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
