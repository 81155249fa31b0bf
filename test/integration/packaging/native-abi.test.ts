import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonAbi, assertAddonAbi, electronAbi, electronBuildEnv, withoutNodedir } from '../../../scripts/lib/native-abi.mjs';
import { REPO_ROOT, tempDir } from '../../support/temp';

// The ABI check that packaging (scripts/after-pack.mjs) and `npm start` (scripts/start-electron.mjs)
// run before handing better-sqlite3 to Electron, tried on the real addons in node_modules: the one
// npm built for this Node, and usb's Node-API prebuilds.
const require = createRequire(path.join(REPO_ROOT, 'package.json'));
const sqliteAddon = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const usbPrebuilds = path.join(path.dirname(require.resolve('usb/package.json')), 'prebuilds');
const nodeAbi = Number(process.versions.modules);

describe('the native addon ABI check', () => {
  it("reads this Node's NODE_MODULE_VERSION out of the better-sqlite3 addon npm built", () => {
    expect(addonAbi(sqliteAddon)).toEqual({ kind: 'node', abi: nodeAbi });
    expect(assertAddonAbi(sqliteAddon, nodeAbi, `Node ${process.version}`)).toEqual({ kind: 'node', abi: nodeAbi });
  });

  it('refuses that addon for Electron, naming both ABIs and the nodedir pitfall', () => {
    const electron = electronAbi(REPO_ROOT);
    expect(electron.abi).not.toBe(nodeAbi);
    expect(() => assertAddonAbi(sqliteAddon, electron.abi, `Electron ${electron.version}`)).toThrow(
      new RegExp(`NODE_MODULE_VERSION ${nodeAbi}, but Electron ${electron.version.replace(/\./g, '\\.')} needs ${electron.abi}[\\s\\S]*nodedir`),
    );
  });

  it("accepts usb's Node-API prebuilds (macOS universal and Linux) for any runtime", () => {
    for (const file of [path.join(usbPrebuilds, 'darwin-x64+arm64', 'node.napi.node'), path.join(usbPrebuilds, 'linux-x64', 'node.napi.glibc.node')]) {
      expect(addonAbi(file), file).toEqual({ kind: 'napi' });
      expect(assertAddonAbi(file, electronAbi(REPO_ROOT).abi, 'Electron').kind).toBe('napi');
    }
  });

  it('refuses a file it cannot read an ABI from, and a missing addon', () => {
    const dir = tempDir('eb-abi-');
    try {
      const notAnAddon = path.join(dir.path, 'better_sqlite3.node');
      // A real executable (ELF here, Mach-O on a Mac) that is not a Node addon.
      fs.copyFileSync('/bin/true', notAnAddon);
      expect(addonAbi(notAnAddon)).toEqual({ kind: 'unknown' });
      expect(() => assertAddonAbi(notAnAddon, 150, 'Electron 45.5.0')).toThrow(/Cannot read the Node ABI/);
      expect(() => assertAddonAbi(path.join(dir.path, 'missing.node'), 150, 'Electron 45.5.0')).toThrow(/is missing: it was not built for Electron 45\.5\.0/);
    } finally {
      dir.cleanup();
    }
  });

  it("knows Electron's ABI without downloading Electron", () => {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    const found = electronAbi(REPO_ROOT);
    expect(found.version).toBe(version);
    expect(found.abi).toBeGreaterThan(nodeAbi);
  });

  it('builds for Electron with every spelling of nodedir cleared', () => {
    const env = electronBuildEnv({ PATH: '/usr/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr' }, '45.5.0');
    expect(env).toEqual({
      PATH: '/usr/bin',
      npm_config_nodedir: '',
      npm_config_runtime: 'electron',
      npm_config_target: '45.5.0',
      npm_config_disturl: 'https://electronjs.org/headers',
    });
    expect(withoutNodedir({ Npm_Config_Nodedir: '/usr' })).toEqual({ npm_config_nodedir: '' });
  });
});
