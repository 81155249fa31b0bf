import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { init, parse } from 'es-module-lexer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/main/journal/migrations';
import { afterPack } from '../../../scripts/after-pack.mjs';
import { loadBuilderConfig } from '../../../scripts/lib/builder-config.mjs';
import { REPO_ROOT, tempDir } from '../../support/temp';
import { packApp, type PackedApp } from './app-asar';

// The packaging smoke test: the app's asar built from the real build output with
// electron-builder.yml's rules, listed, and checked against where the running app looks for its
// parts: package.json's main, the preload and renderer next to it, the journal migrations inside
// the main bundle, the renderer's assets, the native addons unpacked beside the asar, and every
// package the main bundle imports (and what those need) packed.
const config = loadBuilderConfig(REPO_ROOT) as { files: string[]; asarUnpack: string[] };
const dir = tempDir('eb-asar-');
let app: PackedApp;
let listed: Set<string>;

const read = (file: string) => extractFile(app.asarPath, file).toString('utf8');
const isUnpacked = (file: string) => (statFile(app.asarPath, file) as { unpacked?: boolean }).unpacked === true;

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first (npm test does).');
  }
  app = await packApp({ root: REPO_ROOT, files: config.files, asarUnpack: config.asarUnpack, into: dir.path });
  listed = new Set(listPackage(app.asarPath, { isPack: false }).map((entry) => entry.replace(/^[/\\]/, '').split(path.sep).join('/')));
});
afterAll(() => dir.cleanup());

type Exports = string | null | Exports[] | { [key: string]: Exports };

/** Node's package "exports" resolution for one subpath and condition set (enough for our deps). */
function resolveExports(value: Exports, conditions: readonly string[]): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = resolveExports(item, conditions);
      if (found) return found;
    }
    return null;
  }
  for (const [key, next] of Object.entries(value)) {
    if (conditions.includes(key)) {
      const found = resolveExports(next, conditions);
      if (found) return found;
    }
  }
  return null;
}

/** The packed file `specifier` resolves to from the asar root, or why it does not. */
function resolvePacked(specifier: string, kind: 'import' | 'require', fromDir = ''): { file: string | null; packageDir: string | null } {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const subpath = specifier.slice(name.length);
  let pkgDir: string | null = null;
  for (let at = fromDir; ; at = path.posix.dirname(at)) {
    const candidate = path.posix.join(at === '.' ? '' : at, 'node_modules', name);
    if (listed.has(`${candidate}/package.json`)) {
      pkgDir = candidate;
      break;
    }
    if (at === '' || at === '.' || at === '/') break;
  }
  if (!pkgDir) return { file: null, packageDir: null };
  const pkg = JSON.parse(read(`${pkgDir}/package.json`)) as { main?: string; exports?: Exports };
  const conditions = ['node', kind, 'default'];
  let target: string | null;
  if (pkg.exports !== undefined) {
    const exportsMap = pkg.exports;
    const isSubpathMap = typeof exportsMap === 'object' && exportsMap !== null && !Array.isArray(exportsMap) && Object.keys(exportsMap).some((key) => key.startsWith('.'));
    const entry = isSubpathMap ? (exportsMap as Record<string, Exports>)[`.${subpath}`] ?? null : subpath === '' ? exportsMap : null;
    target = entry === null ? null : resolveExports(entry, conditions);
  } else {
    target = subpath ? `.${subpath}` : (pkg.main ?? 'index.js');
  }
  if (!target) return { file: null, packageDir: pkgDir };
  const base = path.posix.normalize(path.posix.join(pkgDir, target));
  const file = [base, `${base}.js`, `${base}/index.js`].find((candidate) => listed.has(candidate)) ?? null;
  return { file, packageDir: pkgDir };
}

describe('the packaged app (asar built from the real build output)', () => {
  it("holds package.json's main, the preload and the renderer where the main bundle looks for them", () => {
    const pkg = JSON.parse(read('package.json')) as { main: string; version: string };
    expect(pkg.main).toBe('out/main/electron-main.js');
    expect(listed.has(pkg.main)).toBe(true);
    const main = read(pkg.main);
    // main.ts resolves both relative to its own folder (out/main/).
    expect(main).toContain('"../renderer"');
    expect(main).toContain('"../preload/preload.cjs"');
    expect(listed.has('out/preload/preload.cjs')).toBe(true);
    expect(listed.has('out/renderer/index.html')).toBe(true);
  });

  it("holds every script and stylesheet the renderer's index.html loads", () => {
    const html = read('out/renderer/index.html');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => `out/renderer/${match[1]}`);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(listed.has(asset), asset).toBe(true);
  });

  it('carries every journal migration inside the main bundle (nothing read from disk at start)', () => {
    const main = read('out/main/electron-main.js');
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    for (const migration of MIGRATIONS) {
      const firstStatement = migration.sql.trim().split('\n')[0]!.trim();
      expect(main, `migration ${migration.version}`).toContain(firstStatement);
    }
  });

  it('ships no source maps, no CLI or web-host bundle, no Electron and no build leftovers', () => {
    const offenders = [...listed].filter(
      (file) =>
        file.endsWith('.map') ||
        file.startsWith('out/cli/') ||
        file.startsWith('out/web-host/') ||
        file.startsWith('src/') ||
        file.startsWith('test/') ||
        file.startsWith('node_modules/electron/') ||
        file.startsWith('node_modules/better-sqlite3/deps/') ||
        file.endsWith('.o') ||
        file.endsWith('.a'),
    );
    expect(offenders).toEqual([]);
  });

  it('unpacks the native addons next to the asar, where Electron loads them from', () => {
    const addons = [
      // better-sqlite3 loads it through `bindings` from build/Release.
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      // usb loads its N-API prebuild through node-gyp-build: macOS (universal) and Linux x64.
      'node_modules/usb/prebuilds/darwin-x64+arm64/node.napi.node',
      'node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node',
    ];
    for (const addon of addons) {
      expect(isUnpacked(addon), `${addon} is marked unpacked in the asar`).toBe(true);
      expect(fs.existsSync(path.join(app.unpackedDir, addon)), `${addon} is in app.asar.unpacked`).toBe(true);
    }
    const stillPacked = [...listed].filter((file) => file.endsWith('.node') && !isUnpacked(file));
    expect(stillPacked).toEqual([]);
  });

  it('packs every package the main bundle imports, and everything those depend on', async () => {
    await init;
    const main = read('out/main/electron-main.js');
    const [imports] = parse(main);
    const specifiers = new Set<string>(imports.map((entry) => entry.n).filter((name): name is string => typeof name === 'string'));
    // Native modules are loaded by name through createRequire (native/load-native.ts).
    for (const match of main.matchAll(/\b(?:loadNative|requireNative)\("([^"]+)"/g)) specifiers.add(match[1]!);
    const packages = [...specifiers].filter((name) => !isBuiltin(name) && name !== 'electron' && !name.startsWith('.'));
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'usb', 'zod']));

    const missing: string[] = [];
    const checked = new Set<string>();
    const checkPackage = (specifier: string, kind: 'import' | 'require', fromDir: string, chain: string) => {
      const { file, packageDir } = resolvePacked(specifier, kind, fromDir);
      // A types-only package (usb lists @types/w3c-web-usb) has no code to load: present is enough.
      if (!file && packageDir && [...listed].filter((f) => f.startsWith(`${packageDir}/`)).every((f) => f.endsWith('.d.ts') || f.endsWith('.json') || !/\.[cm]?js$/.test(f))) return;
      if (!file || !packageDir) {
        missing.push(`${chain} → ${specifier}`);
        return;
      }
      if (checked.has(packageDir)) return;
      checked.add(packageDir);
      const pkg = JSON.parse(read(`${packageDir}/package.json`)) as { dependencies?: Record<string, string> };
      for (const dependency of Object.keys(pkg.dependencies ?? {})) checkPackage(dependency, 'require', packageDir, `${chain} → ${specifier}`);
    };
    for (const name of packages) {
      const kind = imports.some((entry) => entry.n === name) ? 'import' : 'require';
      checkPackage(name, kind, 'out/main', 'out/main/electron-main.js');
    }
    expect(missing).toEqual([]);
    expect(checked.size).toBeGreaterThanOrEqual(packages.length);
  });

  it("fails packaging in the afterPack hook when better-sqlite3 is not built for Electron's ABI, and passes when it is", async () => {
    const context = (resourcesDir: string) => ({ appOutDir: path.dirname(resourcesDir), electronPlatformName: process.platform, packager: { getResourcesDir: () => resourcesDir } });
    // node_modules here holds the Node build (ABI 115 on Node 20): exactly the nodedir pitfall.
    await expect(afterPack(context(app.resourcesDir))).rejects.toThrow(/NODE_MODULE_VERSION \d+, but Electron [\d.]+ needs \d+/);

    // The same tree with an addon whose registration symbol names Electron's ABI (a patched copy:
    // no Electron build of better-sqlite3 can be made on this machine).
    const electronAbi = Number(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
    const good = tempDir('eb-afterpack-');
    try {
      const resources = path.join(good.path, 'resources');
      fs.cpSync(app.unpackedDir, path.join(resources, 'app.asar.unpacked'), { recursive: true });
      const addon = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      const bytes = fs.readFileSync(addon).toString('latin1');
      const patched = bytes.replace(/node_register_module_v\d+/g, `node_register_module_v${electronAbi}`);
      expect(patched.length).toBe(bytes.length);
      fs.writeFileSync(addon, Buffer.from(patched, 'latin1'));
      await expect(afterPack(context(resources))).resolves.toBeUndefined();
    } finally {
      good.cleanup();
    }
  });
});
