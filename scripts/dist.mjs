// `npm run dist`: package the desktop app with electron-builder (electron-builder.yml).
//
//   npm run dist                       release build for this platform (fuses flipped)
//   npm run dist -- --mac              the macOS DMG + zip, arm64 and x64 (on a Mac; docs/RELEASING.md)
//   npm run dist -- --test-build ...   the same with Electron's fuses left as shipped, so the
//                                      release-gate tests can drive the packaged app
//
// electron-builder rebuilds better-sqlite3 for Electron's ABI in node_modules. npm hands its
// `nodedir` setting to every child as npm_config_nodedir, which would make node-gyp compile against
// the machine's Node headers; it is removed here, and the afterPack hook (scripts/after-pack.mjs)
// fails the build if the packed addon is still not Electron's. Afterwards better-sqlite3 is rebuilt
// for Node and checked again, so `npm test` keeps working in the same checkout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBuilderConfig } from './lib/builder-config.mjs';
import { assertAddonAbi, electronAbi, withoutNodedir } from './lib/native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args, env = process.env) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status === 0;

const testBuild = process.argv.includes('--test-build');
const builderArgs = process.argv.slice(2).filter((arg) => arg !== '--test-build');
const electron = electronAbi(root);

const configFile = path.join(root, '.cache', `electron-builder.${testBuild ? 'test' : 'release'}.json`);
fs.mkdirSync(path.dirname(configFile), { recursive: true });
fs.writeFileSync(configFile, JSON.stringify(loadBuilderConfig(root, { build: testBuild ? 'test' : 'release' }), null, 2));
console.log(`Packaging a ${testBuild ? 'TEST build (fuses left as Electron ships them)' : 'release build (fuses flipped)'} for Electron ${electron.version} (ABI ${electron.abi}).`);

let ok = run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
if (ok) {
  const builder = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  ok = run(process.execPath, [builder, '--config', configFile, '--publish', 'never', ...builderArgs], withoutNodedir(process.env));
  console.log('Restoring the Node build of better-sqlite3 for the tests…');
  ok = run(npm, ['rebuild', 'better-sqlite3']) && ok;
  try {
    const addon = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    assertAddonAbi(addon, Number(process.versions.modules), `Node ${process.version}`);
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
