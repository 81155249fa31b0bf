import { compareMacOSVersions, parseMacOSVersion } from './macos-version';

// Which macOS versions Intune takes for userless Apple Configurator (direct) enrollment. This moves
// with every macOS release (DOMAIN.md §1: Microsoft's supported-platforms page, dated 2025-10-14,
// says 15+ supported, 13+ allowed; earlier pages said 14+/12+), so it is one table of data, which
// a setting (`macOSSupport`) can override when Microsoft moves it again before the bench is updated.

export interface MacOSSupport {
  /** Oldest macOS Microsoft supports for it: older ones get a MACOS_UNSUPPORTED warning. */
  readonly supported: string;
  /** Oldest macOS Intune still allows: older ones are MACOS_TOO_OLD. */
  readonly allowed: string;
  /** Where the numbers come from, shown beside them. */
  readonly source: string;
}

export const MACOS_SUPPORT_TABLE: MacOSSupport = {
  supported: '15.0',
  allowed: '13.0',
  source: 'Microsoft Intune supported platforms, 2025-10-14',
};

/** The table, with a setting's override applied where it is a real version and keeps allowed ≤ supported. */
export function macOSSupport(override?: { readonly supported?: string | null; readonly allowed?: string | null } | null): MacOSSupport {
  const supported = override?.supported && parseMacOSVersion(override.supported) ? override.supported : MACOS_SUPPORT_TABLE.supported;
  const allowed = override?.allowed && parseMacOSVersion(override.allowed) ? override.allowed : MACOS_SUPPORT_TABLE.allowed;
  if (compareMacOSVersions(allowed, supported) > 0) return MACOS_SUPPORT_TABLE;
  const overridden = supported !== MACOS_SUPPORT_TABLE.supported || allowed !== MACOS_SUPPORT_TABLE.allowed;
  return { supported, allowed, source: overridden ? 'the bench’s settings (macOSSupport)' : MACOS_SUPPORT_TABLE.source };
}

/** "15.0" → "15", "13.1" stays. */
export function majorName(version: string): string {
  return version.replace(/\.0$/, '');
}
