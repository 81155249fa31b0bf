// electron-builder's afterPack hook (electron-builder.yml): before anything is signed or wrapped
// in a DMG, check that every native addon in the packed app loads in the Electron it ships with.
// A better-sqlite3 built against the wrong headers (the `nodedir` pitfall) fails the build here,
// loudly, instead of on a technician's Mac.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAddonAbi, electronAbi } from './lib/native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every .node file under dir. */
function nodeFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...nodeFiles(full));
    else if (entry.name.endsWith('.node')) found.push(full);
  }
  return found;
}

/** @param {{ appOutDir: string, electronPlatformName: string, packager: { getResourcesDir?(appOutDir: string): string } }} context */
export async function afterPack(context) {
  const { version, abi } = electronAbi(root);
  const resources = context.packager.getResourcesDir?.(context.appOutDir) ?? context.appOutDir;
  const unpacked = path.join(resources, 'app.asar.unpacked');
  if (!fs.existsSync(unpacked)) throw new Error(`afterPack: ${unpacked} is missing; the native addons were not unpacked from the asar.`);
  const addons = nodeFiles(unpacked);
  const sqlite = addons.filter((file) => file.endsWith(`${path.sep}better_sqlite3.node`));
  if (sqlite.length !== 1) throw new Error(`afterPack: expected one better_sqlite3.node in ${unpacked}, found ${sqlite.length}.`);
  for (const file of addons) {
    const found = assertAddonAbi(file, abi, `Electron ${version}`);
    console.log(`  • native addon ${path.relative(unpacked, file)}: ${found.kind === 'napi' ? 'Node-API' : `ABI ${found.abi}`} (Electron ${version} needs ${abi})`);
  }
}

export default afterPack;
