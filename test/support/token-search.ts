import fs from 'node:fs';
import path from 'node:path';

/**
 * Every file under `dir` whose raw bytes hold `secret` (as text or base64): the SQLite database,
 * its WAL and shared-memory files, logs, library copies, exports. Used to prove a token was never
 * written anywhere.
 */
export function filesContaining(dir: string, secret: string): string[] {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''), 'utf8')];
  const hits: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const bytes = fs.readFileSync(full);
        if (needles.some((n) => bytes.includes(n))) hits.push(full);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits.sort();
}
