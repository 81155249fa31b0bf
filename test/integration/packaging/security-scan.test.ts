import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, readWaivers, scanElectronCode } from '../../../scripts/security-scan.mjs';
import { tempDir } from '../../support/temp';

// Electronegativity over the built main, preload and renderer, offline, on every submission:
// nothing above informational unless waived with a reason (scripts/security/).
describe('the Electron security scan', () => {
  it('finds nothing above informational in the built app that is not waived, and no waiver is stale', async () => {
    const { findings, checks, errors } = await scanElectronCode();
    expect(checks).toBeGreaterThan(30);
    expect(errors).toEqual([]);
    const { unwaived, stale } = judge(findings, readWaivers());
    expect(unwaived).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('is not vacuous: a window without isolation, sandbox or web security that loads remote content is reported and not waived', async () => {
    // (CI logs show the full list; these are the ones that must never go missing.)
    const dir = tempDir('eb-insecure-app-');
    try {
      for (const part of ['main', 'preload', 'renderer']) fs.mkdirSync(path.join(dir.path, part));
      fs.writeFileSync(
        path.join(dir.path, 'main', 'electron-main.js'),
        "import { BrowserWindow } from 'electron';\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\nw.loadURL('http://example.com/');\n",
      );
      fs.writeFileSync(path.join(dir.path, 'preload', 'preload.cjs'), '');
      fs.writeFileSync(path.join(dir.path, 'renderer', 'index.html'), '<!doctype html><title>x</title><script>eval(location.hash)</script>');
      const { findings } = await scanElectronCode({ outDir: dir.path });
      const { unwaived } = judge(findings, readWaivers());
      expect(unwaived.map((finding) => finding.check)).toEqual(
        expect.arrayContaining(['LIMIT_NAVIGATION_GLOBAL_CHECK', 'HTTP_RESOURCES_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']),
      );
    } finally {
      dir.cleanup();
    }
  });

  it('keeps one reason per waiver', () => {
    const waivers = readWaivers();
    for (const waiver of waivers) expect(waiver.reason.length, `${waiver.check} in ${waiver.file}`).toBeGreaterThan(40);
    expect(new Set(waivers.map((waiver) => `${waiver.check} ${waiver.file}`)).size).toBe(waivers.length);
  });
});
