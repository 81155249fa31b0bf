import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Tests that run the CLI or the web-host as processes must run today's code: rebuild the Node
// entries first (esbuild, well under a second). The renderer is built by `npm run build`.
export default function setup(): void {
  execFileSync(process.execPath, [path.join(import.meta.dirname, '..', '..', 'scripts', 'build.mjs'), '--node-only'], { stdio: 'inherit' });
}
