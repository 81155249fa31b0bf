/**
 * Compare dotted macOS versions numerically ("13.1" < "13.10" < "14"); missing parts count as 0,
 * non-numeric parts (betas like "15.4 beta") are ignored after the numbers.
 */
export function compareMacOSVersions(a: string, b: string): number {
  const parts = (v: string) => (v.match(/^\d+(?:\.\d+)*/)?.[0] ?? '0').split('.').map(Number);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
