// electron-builder.yml as data, for scripts/dist.mjs and the packaging tests: one reading of the
// file, and the one difference between a release build and a test build.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

export const BUILDER_CONFIG_FILE = 'electron-builder.yml';

/**
 * @param {string} root repository root
 * @param {{ build?: 'release' | 'test' }} [options]
 *   'release' (default): the file as written, fuses flipped.
 *   'test': the same without `electronFuses`, so Electron's fuses stay as shipped and Playwright
 *   can attach to the packaged app (it needs the Node inspector arguments).
 * @returns {Record<string, unknown>}
 */
export function loadBuilderConfig(root, options = {}) {
  const config = /** @type {Record<string, unknown>} */ (yaml.load(fs.readFileSync(path.join(root, BUILDER_CONFIG_FILE), 'utf8')));
  if (options.build === 'test') {
    const { electronFuses: _fuses, ...rest } = config;
    return rest;
  }
  return config;
}
