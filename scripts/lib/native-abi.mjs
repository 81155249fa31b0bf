// Which Node ABI a native addon (.node file) was built for, and the check that packaging and
// `npm start` both run before they hand an addon to Electron.
//
// Why: better-sqlite3 is not N-API, so its .node file works only in the runtime whose
// NODE_MODULE_VERSION it was compiled against (Node 20 is 115; Electron has its own). node-gyp
// picks the headers from `nodedir` when one is configured, and a global `nodedir=/usr` in ~/.npmrc
// silently builds against the machine's Node even when Electron's version and dist-url are given.
// The result loads nowhere but crashes or refuses only at run time ("was compiled against a
// different Node.js version"), so both build paths read the ABI out of the file and stop.
//
// How: an addon registered with NODE_MODULE/NODE_MODULE_INIT exports the symbol
// `node_register_module_v<ABI>` (with a leading underscore on macOS); a Node-API addon exports
// `napi_register_module_v1` or calls `napi_module_register` and loads in any runtime. Both names
// sit in the symbol table as plain ASCII in ELF, Mach-O (also universal) and PE files alike.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {string} file path to a .node file
 * @returns {{ kind: 'node', abi: number } | { kind: 'napi' } | { kind: 'unknown' }}
 */
export function addonAbi(file) {
  const text = fs.readFileSync(file).toString('latin1');
  const versions = new Set([...text.matchAll(/node_register_module_v(\d+)/g)].map((match) => Number(match[1])));
  if (versions.size === 1) return { kind: 'node', abi: [...versions][0] };
  if (versions.size > 1) return { kind: 'unknown' };
  if (/napi_register_module_v\d+|napi_module_register/.test(text)) return { kind: 'napi' };
  return { kind: 'unknown' };
}

/**
 * The NODE_MODULE_VERSION of the Electron in node_modules: the `abi_version` file the electron
 * package ships, else node-abi's table (both offline; requiring `electron` would download it).
 * @param {string} root the repository root
 * @returns {{ version: string, abi: number }}
 */
export function electronAbi(root) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  const abiFile = path.join(pkg, 'abi_version');
  if (fs.existsSync(abiFile)) {
    const abi = Number(fs.readFileSync(abiFile, 'utf8').trim());
    if (Number.isInteger(abi) && abi > 0) return { version, abi };
  }
  throw new Error(`Cannot tell which Node ABI Electron ${version} uses: ${abiFile} is missing. Reinstall the electron package.`);
}

/**
 * Throws, saying what happened and what to do, unless `file` loads in a runtime with ABI `expected`.
 * @param {string} file
 * @param {number} expected
 * @param {string} runtime e.g. "Electron 45.5.0"
 * @returns {{ kind: 'node', abi: number } | { kind: 'napi' }}
 */
export function assertAddonAbi(file, expected, runtime) {
  if (!fs.existsSync(file)) throw new Error(`Native addon ${file} is missing: it was not built for ${runtime}.`);
  const found = addonAbi(file);
  if (found.kind === 'napi') return found;
  if (found.kind === 'unknown') {
    throw new Error(`Cannot read the Node ABI of ${file}; refusing to ship an addon that may not load in ${runtime}.`);
  }
  if (found.abi !== expected) {
    throw new Error(
      [
        `${file} was built for NODE_MODULE_VERSION ${found.abi}, but ${runtime} needs ${expected}.`,
        'It was compiled against the wrong headers. The usual cause is a `nodedir` setting (check',
        '`npm config get nodedir` and ~/.npmrc; npm passes it to node-gyp as npm_config_nodedir), which',
        "makes node-gyp use the machine's Node headers instead of Electron's. Remove it or build with",
        'npm_config_nodedir= (empty), then build again. See docs/RELEASING.md "Native modules".',
      ].join('\n'),
    );
  }
  return found;
}

/**
 * The environment without npm's `nodedir` setting, in every spelling npm and node-gyp read. An
 * empty value makes node-gyp fetch the headers for the requested target instead.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function withoutNodedir(env) {
  const next = { ...env };
  for (const key of Object.keys(next)) {
    if (key.toLowerCase() === 'npm_config_nodedir') delete next[key];
  }
  return { ...next, npm_config_nodedir: '' };
}

/**
 * The environment for building an addon against Electron's headers: nodedir cleared, runtime,
 * target and dist-url set (read by prebuild-install and node-gyp).
 * @param {NodeJS.ProcessEnv} env
 * @param {string} electronVersion
 * @returns {NodeJS.ProcessEnv}
 */
export function electronBuildEnv(env, electronVersion) {
  return {
    ...withoutNodedir(env),
    npm_config_runtime: 'electron',
    npm_config_target: electronVersion,
    npm_config_disturl: 'https://electronjs.org/headers',
  };
}
