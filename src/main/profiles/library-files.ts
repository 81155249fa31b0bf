import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from '../../shared/errors';

// The library's copies: <dataDir>/profiles/<sha256>.mobileconfig, owner-only (file 0600, folder
// 0700) because a profile holds secrets (SCEP challenge, PKCS12 password). Written to a temporary
// name, synced and renamed, so a crash leaves either no copy or the whole copy.

export function libraryDir(dataDir: string): string {
  return path.join(dataDir, 'profiles');
}

export function libraryCopyPath(dataDir: string, sha256: string): string {
  return path.join(libraryDir(dataDir), `${sha256}.mobileconfig`);
}

/** Write the copy unless an intact one exists; `created` says whether this call wrote it. */
export function writeLibraryCopy(dataDir: string, sha256: string, bytes: Uint8Array): { path: string; created: boolean } {
  const dir = libraryDir(dataDir);
  const final = libraryCopyPath(dataDir, sha256);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    if (fs.existsSync(final) && crypto.createHash('sha256').update(fs.readFileSync(final)).digest('hex') === sha256) {
      fs.chmodSync(final, 0o600);
      return { path: final, created: false };
    }
    const temporary = `${final}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    try {
      const fd = fs.openSync(temporary, 'wx', 0o600);
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temporary, final);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw error;
    }
    syncDirectory(dir);
    return { path: final, created: true };
  } catch (error) {
    throw new BenchError('IO_ERROR', `${final}: ${(error as Error).message}`);
  }
}

/** Delete a copy; one already gone is fine. Returns the error message when it could not be deleted. */
export function removeLibraryCopy(dataDir: string, sha256: string): string | null {
  try {
    fs.rmSync(libraryCopyPath(dataDir, sha256), { force: true });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename itself is still atomic.
  }
}
