import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory under the system temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'eb-test-'): { path: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
/** The real-world samples (a vendored copy of ../shared/corpus; see test/fixtures/real/README.md). */
export const CORPUS_ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'real');
export const CLI_PATH = path.join(REPO_ROOT, 'out', 'cli', 'enrollment-bench.js');
export const SERVE_PATH = path.join(REPO_ROOT, 'out', 'web-host', 'serve.js');
