import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig } from '../../../scripts/lib/builder-config.mjs';
import { REPO_ROOT } from '../../support/temp';

// electron-builder.yml checked offline with the validation electron-builder itself runs before
// packaging (its shipped scheme.json through app-builder-lib's validateConfiguration), then the
// house's packaging policy, which the schema cannot express.
const require = createRequire(path.join(REPO_ROOT, 'package.json'));
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const validate = (config: unknown) => validateConfiguration(config, { isEnabled: false, add: () => {} });

type Config = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  fileAssociations: Array<Record<string, unknown>>;
  electronFuses?: Record<string, boolean>;
  mac: Record<string, unknown> & { target: Array<{ target: string; arch: string[] }> };
  linux: Record<string, unknown> & { target: string[] };
};
const release = loadBuilderConfig(REPO_ROOT) as Config;
const testBuild = loadBuilderConfig(REPO_ROOT, { build: 'test' }) as Config;

function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii'), `${file} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation, for release and test builds", async () => {
    await expect(validate(release)).resolves.toBeUndefined();
    await expect(validate(testBuild)).resolves.toBeUndefined();
  });

  it('is checked for real: a misspelt option is rejected the way electron-builder would reject it', async () => {
    await expect(validate({ ...release, mac: { ...release.mac, hardendRuntime: true } })).rejects.toThrow(/configuration\.mac/);
    await expect(validate({ ...release, electronFuses: { ...release.electronFuses, runAsNod: false } })).rejects.toThrow(/electronFuses/);
  });

  it('builds a DMG and a zip for Apple silicon and Intel, hardened, notarised; AppImage and deb for Linux', () => {
    expect(release.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(release.mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'resources/entitlements.mac.plist', entitlementsInherit: 'resources/entitlements.mac.plist' });
    expect(release.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('asks for the JIT entitlement only, and gives the reason next to it', () => {
    const plist = fs.readFileSync(path.join(REPO_ROOT, String(release.mac.entitlements)), 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    for (const key of keys) expect(plist, `a comment right before ${key} says why`).toMatch(new RegExp(`<!--[^>]*-->\\s*<key>${key!.replace(/\./g, '\\.')}</key>`));
  });

  it('opens .mobileconfig files as a viewer of last resort, never as their default handler', () => {
    expect(release.fileAssociations).toEqual([expect.objectContaining({ ext: 'mobileconfig', role: 'Viewer', rank: 'Alternate' })]);
    for (const association of release.fileAssociations) {
      expect(['Owner', 'Default']).not.toContain(association.rank);
      expect(association.role).not.toBe('Editor');
    }
  });

  it('packs only the build output the app runs, and unpacks the native addons', () => {
    const included = release.files.filter((pattern) => !pattern.startsWith('!'));
    expect(included).toEqual(['out/main/**/*', 'out/preload/**/*', 'out/staging/**/*', 'out/renderer/**/*', 'package.json']);
    expect(release.files).toContain('!**/*.map');
    // The native addons, and the staging worker's script (a Worker is started from a real file).
    expect(release.asarUnpack).toEqual(['**/*.node', 'out/staging/**']);
    expect(release.asar).toBe(true);
  });

  it('flips the fuses in release builds and leaves them as Electron ships them in test builds', () => {
    expect(release.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(testBuild).not.toHaveProperty('electronFuses');
    expect({ ...testBuild, electronFuses: release.electronFuses }).toEqual(release);
  });

  it('has an icon set: a 1024 px icon for macOS and the Linux sizes', () => {
    expect(pngSize(path.join(REPO_ROOT, String(release.mac.icon)))).toEqual({ width: 1024, height: 1024 });
    const linuxIcons = path.join(REPO_ROOT, String(release.linux.icon));
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(path.join(linuxIcons, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('runs the native ABI check after packing (the afterPack hook exists and exports it)', async () => {
    expect(release.afterPack).toBe('./scripts/after-pack.mjs');
    const hook = (await import(path.join(REPO_ROOT, String(release.afterPack)))) as { afterPack?: unknown; default?: unknown };
    expect(typeof hook.afterPack).toBe('function');
    expect(hook.default).toBe(hook.afterPack);
    expect(release.npmRebuild).toBe(true);
  });
});
