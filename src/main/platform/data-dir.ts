import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Enrollment Bench';
export const DATA_DIR_ENV = 'ENROLLMENT_BENCH_DATA_DIR';

/**
 * The platform's application-data folder for the app: the same folder Electron's
 * app.getPath('userData') gives for productName "Enrollment Bench", so the CLI, the web-host and
 * the desktop app share one journal.
 */
export function platformDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}

/** --data-dir wins, then the environment variable, then the platform folder. */
export function resolveDataDir(
  explicit?: string | null,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return platformDataDir(platform, env, home);
}
