import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/temp';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const files = sourceFiles(path.join(REPO_ROOT, 'src')).map((f) => ({
  rel: path.relative(REPO_ROOT, f).split(path.sep).join('/'),
  text: fs.readFileSync(f, 'utf8'),
}));

describe('house rules', () => {
  it("imports 'electron' only inside src/main/electron/ (tests, CLI and web-host run on plain Node)", () => {
    const offenders = files
      .filter((f) => /from ['"]electron['"]|require\(['"]electron['"]\)/.test(f.text))
      .map((f) => f.rel)
      .filter((rel) => !rel.startsWith('src/main/electron/'));
    expect(offenders).toEqual([]);
  });

  it('keeps src/shared free of Node and Electron imports', () => {
    const offenders = files
      .filter((f) => f.rel.startsWith('src/shared/'))
      .filter((f) => /from ['"](node:|electron|fs|path|os|child_process)/.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('touches ipcMain and ipcRenderer only in the two transport modules', () => {
    const offenders = files
      .filter((f) => /\bipc(Main|Renderer)\b/.test(f.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')))
      .map((f) => f.rel)
      .filter((rel) => !['src/main/electron/ipc-main.ts', 'src/main/electron/preload.ts'].includes(rel));
    expect(offenders).toEqual([]);
  });
});
