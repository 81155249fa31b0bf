import { execFile } from 'node:child_process';

// macOS records on every downloaded file an extended attribute com.apple.quarantine such as
// "0083;674a1b2c;Safari;9C3B…": flags;hex Unix seconds of the download;agent;event UUID.
// Reading it is injected (only macOS has it, and only through its xattr tool without a native
// module); parsing it is pure.

/** Returns the raw attribute value, or null when the file has none (or the platform has none). */
export type QuarantineReader = (filePath: string) => Promise<string | null>;

export const noQuarantine: QuarantineReader = async () => null;

/** The download time in epoch milliseconds, or null when the value is not a quarantine record. */
export function parseQuarantineTimestamp(value: string): number | null {
  const field = value.trim().split(';')[1];
  if (field === undefined || !/^[0-9a-fA-F]{1,12}$/.test(field)) return null;
  const seconds = Number.parseInt(field, 16);
  return seconds > 0 ? seconds * 1000 : null;
}

/** On macOS: `/usr/bin/xattr -p com.apple.quarantine FILE`; elsewhere there is no attribute. */
export function platformQuarantineReader(platform: NodeJS.Platform = process.platform): QuarantineReader {
  if (platform !== 'darwin') return noQuarantine;
  return (filePath) =>
    new Promise((resolve) => {
      // The "--" keeps a file name starting with "-" from being read as an option.
      execFile('/usr/bin/xattr', ['-p', 'com.apple.quarantine', '--', filePath], { timeout: 5000, maxBuffer: 64 * 1024 }, (error, stdout) => {
        // A file without the attribute makes xattr exit 1: that is "no quarantine", not a failure.
        resolve(error ? null : stdout.trim() || null);
      });
    });
}
