// `npm start`: build, make sure better-sqlite3 exists for Electron's ABI in its own folder, launch.
//
// Tests, the CLI and the web-host run on plain Node and use node_modules/better-sqlite3 as npm
// built it. Electron embeds a different Node ABI, so the app gets its own build of the addon in
// .cache/electron-native/ and is told its path (ENROLLMENT_BENCH_SQLITE_BINDING). Neither side ever
// rebuilds the other's copy, so `npm start` and `npm test` can alternate freely.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonAbi, assertAddonAbi, electronAbi, electronBuildEnv } from './lib/native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status === 0;
}

if (!run(process.execPath, [path.join(root, 'scripts', 'build.mjs')])) process.exit(1);

// Requiring the electron package downloads the binary on first use (Electron 43+).
let electronPath;
try {
  electronPath = require('electron');
} catch (error) {
  console.error(`The Electron binary is not available: ${error.message}`);
  console.error('It is downloaded on first use from GitHub; check the network, or use `npm run serve` to run the bench in a browser.');
  process.exit(1);
}

const { version: electronVersion, abi: electronAbiVersion } = electronAbi(root);
const bindingDir = path.join(root, '.cache', 'electron-native', `electron-${electronVersion}-${process.platform}-${process.arch}`);
const binding = path.join(bindingDir, 'better_sqlite3.node');

// A copy left by an earlier build against the wrong headers is built again, not launched.
const cached = fs.existsSync(binding) ? addonAbi(binding) : null;
if (cached && !(cached.kind === 'node' && cached.abi === electronAbiVersion)) {
  console.log(`The cached ${binding} is not built for Electron's ABI ${electronAbiVersion}; building it again.`);
  fs.rmSync(binding, { force: true });
}

if (!fs.existsSync(binding)) {
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  const source = path.dirname(require.resolve('better-sqlite3/package.json'));
  const work = path.join(bindingDir, 'better-sqlite3');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(bindingDir, { recursive: true });
  fs.cpSync(source, work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`) });
  // Electron's headers, not the machine's Node headers (a global nodedir setting would pick those).
  const env = electronBuildEnv(process.env, electronVersion);
  const prebuild = path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  const fetched = run(process.execPath, [prebuild, '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`], { cwd: work, env });
  const built =
    fetched ||
    run(process.execPath, [process.env.npm_config_node_gyp ?? require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, env });
  const output = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!built || !fs.existsSync(output)) {
    console.error('Could not build better-sqlite3 for Electron. The journal needs it; see README "Troubleshooting".');
    process.exit(1);
  }
  // The same check packaging runs (scripts/after-pack.mjs): a wrong-ABI build stops here, loudly.
  try {
    assertAddonAbi(output, electronAbiVersion, `Electron ${electronVersion}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  fs.copyFileSync(output, binding);
  fs.rmSync(work, { recursive: true, force: true });
}

const child = spawn(electronPath, [path.join(root, 'out', 'main', 'electron-main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ENROLLMENT_BENCH_SQLITE_BINDING: binding },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
