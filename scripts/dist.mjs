// `npm run dist`: package the desktop app with electron-builder.
// electron-builder rebuilds native addons for Electron's ABI inside node_modules; afterwards this
// script rebuilds better-sqlite3 for Node again, so `npm test` keeps working in the same checkout.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;

let ok = run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
if (ok) {
  ok = run(process.execPath, [path.join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)]);
  console.log('Restoring the Node build of better-sqlite3 for the tests…');
  ok = run(npm, ['rebuild', 'better-sqlite3']) && ok;
}
process.exit(ok ? 0 : 1);
