/** One line of the benchmark table; external benchmarks (scale, printer) return the first five fields. */
export interface BenchRow {
  name: string;
  p50: number | null;
  p99: number | null;
  n: number;
  unit: string;
  /** The figure is ok when `on` (p50 or p99) is at most `max`. */
  aim?: { on: 'p50' | 'p99'; max: number } | null;
  /** Free text printed instead of figures ("pending", "not present", an error). */
  note?: string;
}

/** Nearest-rank percentile of already collected samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function row(
  name: string,
  samples: readonly number[],
  unit: string,
  aim: BenchRow['aim'] = null,
): BenchRow {
  return { name, p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length, unit, aim };
}

/** Milliseconds taken by fn, with sub-microsecond resolution. */
export function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}
