// Run the built CLI (out/cli/enrollment-bench.js, unchanged) in a process whose packages are
// already loaded: `node warm-cli.mjs CLI_PATH ARGS…` loads commander, zod, node-forge,
// csv-stringify, better-sqlite3 and usb, prints "ready", waits for one line on stdin, then imports the CLI with
// ARGS as its argv. Loading the packages is most of a CLI start (≈200 ms here); done ahead of
// time, a test that kills the process at a random instant after "go" lands its kills in the
// staging itself instead of in Node's module loader. Nothing of the bench's own code runs before
// "go": the data folder is first touched by the CLI.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [given, ...args] = process.argv.slice(2);
if (!given) {
  process.stderr.write('usage: node warm-cli.mjs CLI_PATH [ARGS…]\n');
  process.exit(2);
}
const cliPath = path.resolve(given);
// This file and the CLI resolve packages from the same node_modules, so what is loaded here is
// what the CLI finds in the module cache. Native addons: required from the CLI's own place.
await Promise.all(['commander', 'zod', 'node-forge', 'csv-stringify/sync'].map((name) => import(name)));
const require = createRequire(cliPath);
const Database = require('better-sqlite3');
new Database(':memory:').close();
try {
  require('usb');
} catch {
  // The CLI reports a missing usb module itself.
}

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  process.stdin.destroy();
  process.argv = [process.argv[0] ?? process.execPath, cliPath, ...args];
  import(pathToFileURL(cliPath).href).catch((error) => {
    process.stderr.write(`warm-cli: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
});
