// One build for every front door:
//   out/main/electron-main.js   Electron main (ESM)            ← src/main/electron/main.ts
//   out/preload/preload.cjs     sandboxed preload (one CJS file) ← src/main/electron/preload.ts
//   out/cli/enrollment-bench.js the CLI (ESM, runs on Node 20)  ← src/main/cli/enrollment-bench.ts
//   out/web-host/serve.js       the web-host (ESM, Node 20)     ← src/main/web-host/serve.ts
//   out/renderer/               the React renderer (Vite)
// Node packages stay external: native modules (better-sqlite3, usb) must load from node_modules.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const only = process.argv.includes('--node-only') ? 'node' : 'all';

rmSync(path.join(out, 'main'), { recursive: true, force: true });
rmSync(path.join(out, 'preload'), { recursive: true, force: true });
rmSync(path.join(out, 'cli'), { recursive: true, force: true });
rmSync(path.join(out, 'web-host'), { recursive: true, force: true });
rmSync(path.join(out, 'staging'), { recursive: true, force: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

// The preload exposes one named function per contract call. Its names are read here from the call
// definitions (src/shared/contract/calls/) and put into the preload as literals in place of
// call-names.ts, which would otherwise bring zod and every schema into a sandboxed script.
async function contractCallNames() {
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `.call-names-${process.pid}.mjs`);
  try {
    await esbuild({ ...node, sourcemap: false, entryPoints: ['src/shared/contract/calls/index.ts'], outfile: file });
    const { calls } = await import(pathToFileURL(file).href);
    return Object.keys(calls);
  } finally {
    rmSync(file, { force: true });
  }
}
const callNames = await contractCallNames();
const inlineCallNames = {
  name: 'inline-call-names',
  setup(build) {
    build.onLoad({ filter: /[\\/]shared[\\/]contract[\\/]call-names\.ts$/ }, () => ({
      contents: `export const CALL_NAME_LIST = ${JSON.stringify(callNames)};`,
      loader: 'js',
    }));
  },
};

await Promise.all([
  esbuild({ ...node, entryPoints: ['src/main/electron/main.ts'], outfile: 'out/main/electron-main.js', external: ['electron'] }),
  esbuild({
    ...node,
    entryPoints: ['src/main/electron/preload.ts'],
    outfile: 'out/preload/preload.cjs',
    // A sandboxed preload can require('electron') and nothing else from disk: bundle everything.
    format: 'cjs',
    packages: undefined,
    external: ['electron'],
    target: 'chrome120',
    minify: true,
    plugins: [inlineCallNames],
  }),
  esbuild({
    ...node,
    entryPoints: ['src/main/cli/enrollment-bench.ts'],
    outfile: 'out/cli/enrollment-bench.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild({ ...node, entryPoints: ['src/main/web-host/serve.ts'], outfile: 'out/web-host/serve.js' }),
  // The staging worker thread, found beside each entry at ../staging/ (worker-stager.ts).
  esbuild({ ...node, entryPoints: ['src/main/staging/staging-worker.ts'], outfile: 'out/staging/staging-worker.js' }),
]);
chmodSync(path.join(out, 'cli', 'enrollment-bench.js'), 0o755);

if (only === 'all') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
console.log(`built ${only === 'all' ? 'main, preload, cli, web-host, staging worker and renderer' : 'main, preload, cli, web-host and staging worker'} into out/`);
