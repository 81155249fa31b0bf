// Shared helpers for benchmarks run by scripts/bench.mjs.

export interface BenchRow {
  readonly label: string;
  readonly value: number;
  readonly ratio?: number;
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
