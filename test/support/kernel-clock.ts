import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The time the kernel stamps on a file made now. A file's birth and modification times come from the
 * kernel's clock, which `faketime` does not shift (it only shifts what the process is told), so a test
 * that compares a file's own dates with "now" must take "now" from here, not from Date.now().
 */
export function fileSystemNow(): number {
  const probe = path.join(os.tmpdir(), `eb-clock-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(probe, '');
  try {
    return fs.statSync(probe).mtimeMs;
  } finally {
    fs.rmSync(probe, { force: true });
  }
}
