import { SCALE_PROTOCOL_IDS } from '../hardware/scale/protocols/index';
import { openSerialScale } from '../hardware/scale/serial-scale';
import { ScaleSimulator } from '../hardware/scale/simulator';
import { openPtyPair } from '../hardware/virtual/pty-pair';

export interface BenchRow {
  name: string;
  p50: number;
  p99: number;
  n: number;
  unit: 'ms';
}

const READS = 200;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 1000) / 1000;
}

/**
 * Request -> stable weight latency through the real stack (serialport, socat pty, simulator), per
 * protocol. Continuous protocols include the wait for the next frame (simulator period 20 ms).
 */
export async function benchScale(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const protocol of SCALE_PROTOCOL_IDS) {
    const pty = await openPtyPair();
    const sim = await ScaleSimulator.open({
      path: pty.a,
      protocol,
      initial: { grams: 1234 },
      intervalMs: 20,
    });
    const scale = openSerialScale({ path: pty.b, protocol, readTimeoutMs: 2000 });
    try {
      await scale.read(); // opens the port; not timed
      const times: number[] = [];
      for (let i = 0; i < READS; i++) {
        const t0 = performance.now();
        const reading = await scale.read();
        times.push(performance.now() - t0);
        if (!reading.ok || reading.grams !== 1234) {
          throw new Error(`scale bench ${protocol}: unexpected reading ${JSON.stringify(reading)}`);
        }
      }
      times.sort((a, b) => a - b);
      rows.push({
        name: `scale read (${protocol}, pty)`,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        n: READS,
        unit: 'ms',
      });
    } finally {
      await scale.close();
      await sim.close();
      await pty.close();
    }
  }
  return rows;
}
