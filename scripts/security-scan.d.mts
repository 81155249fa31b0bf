// Types for security-scan.mjs.
export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  manualReview: boolean;
  description: string;
}
export interface Waiver {
  check: string;
  file: string;
  reason: string;
}
export const WAIVERS_FILE: string;
export const NETWORK_CHECKS: string[];
export function scanElectronCode(options?: { outDir?: string }): Promise<{ findings: Finding[]; checks: number; errors: Array<{ file: string; message: string }> }>;
export function readWaivers(file?: string): Waiver[];
export function judge(findings: Finding[], waivers: Waiver[]): { unwaived: Finding[]; stale: Waiver[] };
