// A barcode scanner types like a keyboard, only much faster, and ends with Enter. This tells a
// scan from a person typing: every gap between keys under `maxGapMs` and at least `minLength`
// characters. Pure and clock-free: the caller passes each key with its timestamp.

export interface ScanDetector {
  /** Feed one key; returns the scanned text when this Enter completes a scan, else null. */
  key(key: string, timeMs: number): string | null;
  reset(): void;
}

export function createScanDetector(options: { maxGapMs?: number; minLength?: number } = {}): ScanDetector {
  const maxGapMs = options.maxGapMs ?? 50;
  const minLength = options.minLength ?? 8;
  let buffer = '';
  let last = -Infinity;
  return {
    key(key, timeMs) {
      const gap = timeMs - last;
      last = timeMs;
      if (key === 'Enter') {
        const scanned = buffer.length >= minLength && gap <= maxGapMs ? buffer : null;
        buffer = '';
        return scanned;
      }
      if (key.length !== 1) {
        buffer = '';
        return null;
      }
      buffer = gap <= maxGapMs ? buffer + key : key;
      return null;
    },
    reset() {
      buffer = '';
      last = -Infinity;
    },
  };
}
