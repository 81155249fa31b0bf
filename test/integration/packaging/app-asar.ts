import fs from 'node:fs';
import path from 'node:path';
import { createPackageFromFiles } from '@electron/asar';
import { Minimatch } from 'minimatch';

// Packs the app the way electron-builder lays it out (resources/app.asar + app.asar.unpacked),
// from the real build output and node_modules, with electron-builder.yml's `files` and
// `asarUnpack` rules. What it approximates: electron-builder's own collection of production
// dependencies (here: the `dependencies` closure resolved through node_modules, as npm installed
// it). The authoritative check on a real package is the afterPack hook on a Mac.

export interface PackedApp {
  readonly resourcesDir: string;
  readonly asarPath: string;
  readonly unpackedDir: string;
  /** Every file in the app's tree ('/'-separated, relative to the asar root). */
  readonly files: readonly string[];
}

interface PackageJson {
  readonly name: string;
  readonly main?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
const toPosix = (p: string) => p.split(path.sep).join('/');

/** Resolves `name` from `fromDir` the way Node does for packages: node_modules up the tree. */
function packageDir(name: string, fromDir: string, root: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return null;
  }
}

/** The production dependency closure of the app, as package directories. */
export function productionPackages(root: string): string[] {
  const seen = new Set<string>();
  const visit = (pkgDir: string, optional: readonly string[]) => {
    const pkg = readJson<PackageJson>(path.join(pkgDir, 'package.json'));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const dir = packageDir(name, pkgDir, root);
      if (dir === null) {
        if (optional.includes(name) || pkg.optionalDependencies?.[name]) continue;
        throw new Error(`${pkg.name} depends on ${name}, which is not installed`);
      }
      if (seen.has(dir)) continue;
      seen.add(dir);
      visit(dir, []);
    }
  };
  visit(root, []);
  return [...seen].sort();
}

function walk(dir: string, skipNodeModules: boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skipNodeModules && entry.name === 'node_modules' ? [] : walk(full, skipNodeModules);
    return entry.isFile() ? [full] : [];
  });
}

/** electron-builder's `files`: included if some positive pattern matches and no later `!` pattern. */
function selector(patterns: readonly string[]): (relative: string, defaultIncluded: boolean) => boolean {
  const rules = patterns.map((pattern) => ({
    exclude: pattern.startsWith('!'),
    matcher: new Minimatch(pattern.startsWith('!') ? pattern.slice(1) : pattern, { dot: true }),
  }));
  return (relative, defaultIncluded) => {
    let included = defaultIncluded;
    for (const rule of rules) {
      if (rule.matcher.match(relative)) included = !rule.exclude;
    }
    return included;
  };
}

export async function packApp(options: {
  root: string;
  files: readonly string[];
  asarUnpack: readonly string[];
  into: string;
}): Promise<PackedApp> {
  const { root } = options;
  const selected = selector(options.files);
  // The app's own files: only what a `files` pattern names (their roots are out/ and package.json).
  const appFiles = [...walk(path.join(root, 'out'), true), path.join(root, 'package.json')].filter((file) => selected(toPosix(path.relative(root, file)), false));
  const dependencyFiles = productionPackages(root).flatMap((dir) => walk(dir, true).filter((file) => selected(toPosix(path.relative(root, file)), true)));
  const filenames = [...appFiles, ...dependencyFiles].sort();
  const resourcesDir = path.join(options.into, 'resources');
  fs.mkdirSync(resourcesDir, { recursive: true });
  const asarPath = path.join(resourcesDir, 'app.asar');
  // @electron/asar matches `unpack` against absolute paths; one brace pattern for all rules.
  const unpack = options.asarUnpack.length === 1 ? options.asarUnpack[0] : `{${options.asarUnpack.join(',')}}`;
  await createPackageFromFiles(root, asarPath, filenames, undefined, unpack ? { unpack } : {});
  return { resourcesDir, asarPath, unpackedDir: `${asarPath}.unpacked`, files: filenames.map((file) => toPosix(path.relative(root, file))) };
}
