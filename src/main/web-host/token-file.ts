import fs from 'node:fs';
import path from 'node:path';
import { newToken } from './security';

// The web-host's access token is kept in the data folder, readable by its owner only, so a browser
// tab (or a bookmark) keeps working when the bench restarts on the same data folder. Rotating it
// (`serve --new-token`) is how a technician shuts out every browser that had the old address.

export const TOKEN_FILE_NAME = 'web-host-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface StoredToken {
  readonly token: string;
  /** Why a new token was made: first start, asked for, or the old file could not be trusted. */
  readonly created: null | 'first-start' | 'rotated' | 'unreadable' | 'exposed';
}

/** The token of this data folder, made (owner-only) when there is none or `rotate` is asked. */
export function loadOrCreateToken(dataDir: string, options: { rotate?: boolean } = {}): StoredToken {
  const file = path.join(dataDir, TOKEN_FILE_NAME);
  let reason: StoredToken['created'] = options.rotate ? 'rotated' : 'first-start';
  if (!options.rotate) {
    try {
      const stat = fs.lstatSync(file);
      // Readable by others, or not a plain file of ours: it may have leaked; never reuse it.
      if (!stat.isFile() || (stat.mode & 0o077) !== 0 || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) {
        reason = 'exposed';
      } else {
        const token = fs.readFileSync(file, 'utf8').trim();
        if (TOKEN_PATTERN.test(token)) return { token, created: null };
        reason = 'unreadable';
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') reason = 'unreadable';
    }
  }
  const token = newToken();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Written under a temporary name with mode 0600 from the start, then renamed over the old one.
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    fs.writeSync(fd, `${token}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  return { token, created: reason };
}
