// The macOS version of a target, from System/Library/CoreServices/SystemVersion.plist on its
// System volume (DOMAIN.md §3). Not every such file is a Mac's: SystemVersionCompat.plist (the
// "10.16" shim), iOS/visionOS simulator runtimes and fakes (GRUB writes one saying "Linux") must
// not be read as a macOS version.
import fs from 'node:fs/promises';
import { FileTooLarge, NotRegularFile, readRegularFile } from '../platform/regular-file';
import path from 'node:path';
import { parseMacOSVersion } from '../../shared/rules/macos-version';
import { isPlainDict as isDict, readPlistStrict } from '../profiles/read-plist';
import { DEVICE_PLIST_TOLERANCE } from './plist-tolerance';

export type SystemVersionReading =
  | {
      readonly kind: 'macos';
      readonly productName: string;
      readonly productVersion: string;
      readonly build: string;
      readonly userVisibleVersion: string | null;
    }
  /** The compatibility shim that reports 10.16 to old software: not the real version. */
  | { readonly kind: 'compat'; readonly productVersion: string }
  /** Another Apple OS (simulator runtimes) or a fake: `reason` is shown to the technician. */
  | { readonly kind: 'not-macos'; readonly productName: string | null; readonly productVersion: string | null; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly reason: string };

export const SYSTEM_VERSION_PATH = ['System', 'Library', 'CoreServices', 'SystemVersion.plist'] as const;
const MAX_BYTES = 64 * 1024;
const MAC_PRODUCT_NAMES = new Set(['macOS', 'Mac OS X', 'OS X', 'Mac OS X Server']);
// Every real build has this shape: 7W98, 19E287, 23H420, 24E5238a.
const BUILD = /^\d{1,2}[A-Z]\d{1,5}[a-z]?$/;

export function interpretSystemVersion(data: Uint8Array | string): SystemVersionReading {
  let plist;
  try {
    plist = readPlistStrict(data, DEVICE_PLIST_TOLERANCE);
  } catch (error) {
    return { kind: 'unreadable', reason: `its SystemVersion.plist cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isDict(plist)) return { kind: 'unreadable', reason: 'its SystemVersion.plist is not a dictionary' };
  const text = (key: string): string | null => {
    const value = plist[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const productName = text('ProductName');
  const productVersion = text('ProductVersion');
  const build = text('ProductBuildVersion');
  const says = productName === null
    ? 'its SystemVersion.plist names no operating system'
    : `its system files say “${[productName, productVersion].filter(Boolean).join(' ')}”`;

  if (productName === null || !MAC_PRODUCT_NAMES.has(productName)) {
    const simulator = plist.SystemImageID !== undefined || /^(iPhone OS|iOS|xrOS|visionOS|watchOS|tvOS)$/.test(productName ?? '');
    return { kind: 'not-macos', productName, productVersion, reason: simulator ? `${says} (another Apple system, such as a simulator runtime)` : says };
  }
  if (productVersion === '10.16') return { kind: 'compat', productVersion };
  if (parseMacOSVersion(productVersion) === null || build === null || !BUILD.test(build)) {
    return { kind: 'not-macos', productName, productVersion, reason: `${says}, but the file is not a real macOS version file` };
  }
  return {
    kind: 'macos',
    productName,
    productVersion: productVersion as string,
    build,
    userVisibleVersion: text('ProductUserVisibleVersion'),
  };
}

/**
 * Read the version file under a volume root; null when the volume has none. The file must be a
 * regular file on the volume itself: a symlink could point at the bench's own SystemVersion.plist.
 */
export async function readSystemVersion(volumeRoot: string): Promise<SystemVersionReading | null> {
  const file = path.join(volumeRoot, ...SYSTEM_VERSION_PATH);
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (error) {
    if (isMissing(error)) return null;
    return { kind: 'unreadable', reason: `its SystemVersion.plist cannot be opened (${codeOf(error)})` };
  }
  if (stat.isSymbolicLink()) return { kind: 'unreadable', reason: 'its SystemVersion.plist is a link to somewhere else' };
  if (!stat.isFile()) return { kind: 'unreadable', reason: 'its SystemVersion.plist is not a file' };
  if (stat.size > MAX_BYTES) return { kind: 'unreadable', reason: 'its SystemVersion.plist is far too large to be real' };
  try {
    // Through a type-checked, non-blocking handle: the lstat above is only a first look.
    return interpretSystemVersion(await readRegularFile(file, MAX_BYTES));
  } catch (error) {
    if (error instanceof NotRegularFile) return { kind: 'unreadable', reason: 'its SystemVersion.plist is not a file' };
    if (error instanceof FileTooLarge) return { kind: 'unreadable', reason: 'its SystemVersion.plist is far too large to be real' };
    return { kind: 'unreadable', reason: `its SystemVersion.plist cannot be read (${codeOf(error)})` };
  }
}

function isMissing(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? (error instanceof Error ? error.message : String(error));
}
