// macOS version numbers as the bench compares them: "14.7.4", "13.1", "12" (ACME needs 13.1+;
// which versions Intune supports and allows is the table in macos-support.ts). Betas carry a
// plain ProductVersion ("15.4"); the beta marker lives in the build ("24E5238a"), so it does not
// affect comparisons.

export type MacOSVersionParts = readonly [number, number, number];

/** "14.7.4" → [14, 7, 4]; "13" → [13, 0, 0]; anything else (including "", "10.16.1.2", "Arch Linux") → null. */
export function parseMacOSVersion(text: string | null | undefined): MacOSVersionParts | null {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?\s*$/.exec(text ?? '');
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

/** Negative when a < b, zero when equal, positive when a > b. Unparseable versions sort first. */
export function compareMacOSVersions(a: string, b: string): number {
  const pa = parseMacOSVersion(a);
  const pb = parseMacOSVersion(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  for (let i = 0; i < 3; i += 1) {
    const diff = (pa[i] as number) - (pb[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** True when `version` is a real version at or above `minimum`. */
export function isAtLeast(version: string, minimum: string): boolean {
  return parseMacOSVersion(version) !== null && compareMacOSVersions(version, minimum) >= 0;
}

// Supported / allowed macOS for userless enrollment are data: see macos-support.ts.
/** Oldest macOS that accepts an ACME identity payload. */
export const MACOS_ACME_MIN = '13.1';
