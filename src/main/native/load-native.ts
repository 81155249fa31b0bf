import { createRequire } from 'node:module';
import type { NativeModuleStatus } from '../../shared/models/status';

// Native modules are loaded lazily and never crash the app: when one is missing or built for
// another runtime (Node vs Electron ABI), the bench reports what is unavailable and goes on.

const require = createRequire(import.meta.url);

export type NativeModuleName = NativeModuleStatus['name'];

export interface NativeLoad<T> {
  readonly module: T | null;
  readonly status: NativeModuleStatus;
}

function packageVersion(name: string): string | null {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** require() a native package by name (kept out of bundles: it must load from node_modules). */
export function requireNative<T>(name: NativeModuleName): T {
  return require(name) as T;
}

export function loadNative<T>(name: NativeModuleName, load: () => T = () => requireNative<T>(name)): NativeLoad<T> {
  try {
    const module = load();
    return { module, status: { name, loaded: true, version: packageVersion(name), error: null } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    return { module: null, status: { name, loaded: false, version: packageVersion(name), error: reason } };
  }
}
