import fs from 'node:fs';
import path from 'node:path';
import { safeStorage, shell } from 'electron';
import type { IntuneOptions } from '../core/create-bench';

// What the Electron shell adds to Intune (docs/INTUNE.md): the OS keychain for MSAL's token cache
// (safeStorage: Keychain on macOS, DPAPI on Windows, libsecret on Linux; a file of ciphertext in
// the data folder), and the system browser for the auth-code + PKCE sign-in. Where safeStorage
// cannot encrypt (no keychain), nothing is written and tokens stay in memory.

const VAULT_FILE = 'intune-token-cache.bin';
/** Only Microsoft's sign-in pages are ever opened, never a URL from elsewhere. */
const SIGN_IN_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us']);

export function electronIntuneOptions(dataDir: string): IntuneOptions {
  const file = path.join(dataDir, VAULT_FILE);
  const vault = safeStorage.isEncryptionAvailable()
    ? {
        load: () => {
          try {
            return fs.existsSync(file) ? safeStorage.decryptString(fs.readFileSync(file)) : null;
          } catch {
            return null;
          }
        },
        save: (text: string) => fs.writeFileSync(file, safeStorage.encryptString(text), { mode: 0o600 }),
        clear: () => fs.rmSync(file, { force: true }),
      }
    : null;
  return {
    vault,
    openBrowser: async (url: string) => {
      const target = new URL(url);
      if (target.protocol !== 'https:' || !SIGN_IN_HOSTS.has(target.hostname)) throw new Error(`refused to open ${target.origin}`);
      await shell.openExternal(target.toString());
    },
  };
}
