// Shared helpers for benchmarks run by scripts/bench.mjs.

/** What one row's samples looked like: every row that is measured repeatedly carries these. */
export interface SampleStats {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  /** Rounds (or samples) the figures are taken over. */
  readonly n: number;
}

/** A target the issue sets for a figure, printed beside it; `met` is judged in the same run. */
export interface BenchGoal {
  readonly text: string;
  readonly met: boolean;
  /** The figure the goal was judged on (a p95, say, where the row's value is the median). */
  readonly figure: number;
  /** The figure's unit when it is not the row's (a ratio, '×', on a row in ms). */
  readonly figureUnit?: string;
}

export interface BenchRow {
  readonly label: string;
  /** The headline figure (the median when `stats` is given). */
  readonly value: number;
  readonly stats?: SampleStats;
  /** Ratio to the report's baseline (kept for older rows). */
  readonly ratio?: number;
  /** Further ratios to baselines measured in the same run; every key starts with `ratio`. */
  readonly ratios?: Readonly<Record<`ratio${string}`, number>>;
  readonly goal?: BenchGoal;
  readonly extra?: string;
  /** Overrides the report's unit for this row. */
  readonly unit?: string;
}

export interface BenchReport {
  readonly name: string;
  readonly description?: string;
  readonly unit: string;
  readonly baseline?: { readonly label: string; readonly value: number };
  readonly results: readonly BenchRow[];
}

/** Print the report as the last stdout line (the runner reads that line). */
export function emitReport(report: BenchReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function stats(values: readonly number[]): SampleStats {
  return {
    median: median(values),
    p95: percentile(values, 95),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    n: values.length,
  };
}

/** A row from samples: the median is the value, the rest goes into `stats`. */
export function sampledRow(label: string, samples: readonly number[], extras: Omit<BenchRow, 'label' | 'value' | 'stats'> = {}): BenchRow {
  const s = stats(samples);
  return { label, value: s.median, stats: s, ...extras };
}

/** A goal of the form "figure ≤ limit" (or ≥), judged now. */
export function goal(text: string, value: number, limit: number, direction: 'at-most' | 'at-least', figureUnit?: string): BenchGoal {
  return { text, figure: value, ...(figureUnit ? { figureUnit } : {}), met: Number.isFinite(value) && (direction === 'at-most' ? value <= limit : value >= limit) };
}

/** Time one async call in milliseconds. */
export async function timed(body: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await body();
  return performance.now() - start;
}
