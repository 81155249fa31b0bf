import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_ROOT, SHARED_DIR } from '../support/temp';

// The tests read the vendored copy of the shared corpus. Where ../shared is beside the checkout
// (this machine, CI), the copy must be identical and complete, so a sample added or corrected
// there cannot be silently missed here.
const SHARED_CORPUS = path.join(SHARED_DIR, 'corpus');
const present = fs.existsSync(SHARED_CORPUS);

function files(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((rel) => rel !== 'README.md')
    .sort();
}

describe('the vendored real-world corpus', () => {
  it.skipIf(!present)('is byte-identical to ../shared/corpus and holds every file of it [needs ../shared beside the checkout]', () => {
    expect(files(CORPUS_ROOT)).toEqual(files(SHARED_CORPUS));
    for (const rel of files(SHARED_CORPUS)) {
      expect(Buffer.compare(fs.readFileSync(path.join(CORPUS_ROOT, rel)), fs.readFileSync(path.join(SHARED_CORPUS, rel))), rel).toBe(0);
    }
  });

  it('carries the manifest with every file’s origin and licence', () => {
    const manifest = fs.readFileSync(path.join(CORPUS_ROOT, 'MANIFEST.md'), 'utf8');
    for (const rel of files(CORPUS_ROOT).filter((f) => f !== 'MANIFEST.md')) expect(manifest, rel).toContain(rel);
  });
});
