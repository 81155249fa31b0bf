// Where a profile is staged on a target, as pure functions shared by inspection ("already staged?")
// and the stager. DOMAIN.md §3: /Users/Shared lives on the Data volume, exists before any user
// account, is world-writable with the sticky bit and is not privacy-protected.

/** Folder, relative to a Mac's Data volume root, that receives the profile. */
export const MAC_STAGING_DIR = ['Users', 'Shared', 'Enrollment'] as const;

/** Longest file name stem (characters) before ".mobileconfig". */
export const STAGED_NAME_MAX = 64;

/**
 * Longest stem in UTF-8 BYTES. File systems limit a name to 255 bytes, and the stager adds up to
 * 29 bytes to the staged name (".20261201T101500Z-99.previous" when a different file is kept
 * aside; ".eb-tmp-<12 hex>-" for the temporary copy): 200 + ".mobileconfig" + 29 < 255.
 */
export const STAGED_NAME_MAX_BYTES = 200;

export const INSTRUCTIONS_FILE = 'How to enroll this Mac.html';

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A safe file name from a profile's display name: no path characters, no control or
 * bidirectional-override characters, no leading dot, at most STAGED_NAME_MAX characters, always
 * ending in .mobileconfig (so Finder opens it with the profile installer).
 */
export function stagedFileName(displayName: string | null | undefined): string {
  let stem = (displayName ?? '').normalize('NFC').replace(FORBIDDEN, '-').replace(/\s+/g, ' ').trim();
  stem = stem.replace(/^[.\s-]+/, '').replace(/[.\s]+$/, '');
  if (stem.toLowerCase().endsWith('.mobileconfig')) stem = stem.slice(0, -'.mobileconfig'.length).trim();
  const chars = Array.from(stem);
  if (chars.length > STAGED_NAME_MAX) stem = chars.slice(0, STAGED_NAME_MAX).join('').trim();
  // 64 emoji are 256 bytes: cut whole code points until the stem fits in bytes too.
  const fitted = Array.from(stem);
  while (new TextEncoder().encode(fitted.join('')).length > STAGED_NAME_MAX_BYTES) fitted.pop();
  stem = fitted.join('').trim();
  if (stem === '') stem = 'Enrollment Profile';
  return `${stem}.mobileconfig`;
}

/** Path segments, relative to the target's stageable root, of the staged profile. */
export function stagedRelativePath(kind: 'mac-volume' | 'carrier', displayName: string | null | undefined): string[] {
  const name = stagedFileName(displayName);
  return kind === 'carrier' ? [name] : [...MAC_STAGING_DIR, name];
}

/**
 * macOS's own profile store. There is no drop folder: the boot-time install from
 * private/var/db/ConfigurationProfiles/Setup was removed in macOS 11 (DOMAIN.md §1), and writing
 * into the store of a Mac's disk could only damage it. The bench never writes under it, whatever
 * root or path it is given.
 */
export const FORBIDDEN_STAGING_TREES: readonly (readonly string[])[] = [
  ['private', 'var', 'db', 'ConfigurationProfiles'],
  ['var', 'db', 'ConfigurationProfiles'],
];

/**
 * The forbidden tree a path falls under, or null. `file` is an absolute path or segments; APFS
 * and HFS+ are case-insensitive by default, so case does not matter, and `/var` is `/private/var`.
 */
export function forbiddenStagingTree(file: string | readonly string[]): string | null {
  const segments = (typeof file === 'string' ? file.split(/[/\\]+/) : [...file]).filter((s) => s !== '' && s !== '.').map((s) => s.normalize('NFC').toLowerCase());
  for (const tree of FORBIDDEN_STAGING_TREES) {
    const wanted = tree.map((s) => s.toLowerCase());
    for (let i = 0; i + wanted.length <= segments.length; i += 1) {
      if (wanted.every((s, j) => segments[i + j] === s)) return tree.join('/');
    }
  }
  return null;
}
