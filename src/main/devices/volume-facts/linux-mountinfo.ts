// Linux volume facts from /proc/self/mountinfo (proc(5)): which directories are mount points, their
// file system type, source device and read-only flag. Also the block-device topology from sysfs, to
// tell a partition of the bench's own disk from an attached one and to name the bus.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MountEntry {
  readonly id: number;
  readonly parentId: number;
  /** "major:minor" of the device (0:NN for tmpfs and other virtual file systems). */
  readonly majMin: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly source: string;
  /** ro in the per-mount options or in the super-block options. */
  readonly readOnly: boolean;
}

export const PROC_MOUNTINFO = '/proc/self/mountinfo';

/** Parse mountinfo text; malformed lines are skipped (a line is never worth failing discovery). */
export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (fields.length < 10 || separator < 0 || fields.length < separator + 4) continue;
    const [id, parentId, majMin, , mountPoint, options] = fields;
    const fsType = fields[separator + 1] as string;
    const source = fields[separator + 2] as string;
    const superOptions = fields[separator + 3] as string;
    if (!/^\d+:\d+$/.test(majMin ?? '') || !mountPoint?.startsWith('/')) continue;
    entries.push({
      id: Number(id),
      parentId: Number(parentId),
      majMin: majMin as string,
      mountPoint: unescapeOctal(mountPoint),
      fsType: unescapeOctal(fsType),
      source: unescapeOctal(source),
      readOnly: (options ?? '').split(',').includes('ro') || superOptions.split(',').includes('ro'),
    });
  }
  return entries;
}

/** The kernel escapes space, tab, newline and backslash in paths as \040, \011, \012, \134. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** The entry whose mount point is exactly `dir`; the last one wins (later mounts hide earlier ones). */
export function mountAt(entries: readonly MountEntry[], dir: string): MountEntry | null {
  for (let i = entries.length - 1; i >= 0; i -= 1) if ((entries[i] as MountEntry).mountPoint === dir) return entries[i] as MountEntry;
  return null;
}

/** The mount that holds `file`: the longest mount point that is a prefix of it. */
export function mountHolding(entries: readonly MountEntry[], file: string): MountEntry | null {
  let best: MountEntry | null = null;
  for (const entry of entries) {
    const prefix = entry.mountPoint === '/' ? '/' : `${entry.mountPoint}/`;
    if (file === entry.mountPoint || file.startsWith(prefix)) {
      if (!best || entry.mountPoint.length >= best.mountPoint.length) best = entry;
    }
  }
  return best;
}

export async function readMountinfo(file: string = PROC_MOUNTINFO): Promise<MountEntry[] | null> {
  try {
    return parseMountinfo(await fs.readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

export interface BlockDevice {
  /** Whole disk holding the device ("sda" for 8:3, "loop0" for 7:0). */
  readonly disk: string;
  readonly bus: 'USB' | 'disk image (loop)' | null;
}

/** Where a block device sits, from /sys/dev/block/MAJ:MIN; null for virtual file systems (0:NN). */
export async function blockDevice(majMin: string, sysRoot = '/sys'): Promise<BlockDevice | null> {
  if (majMin.startsWith('0:')) return null;
  let real: string;
  try {
    real = await fs.realpath(path.join(sysRoot, 'dev', 'block', majMin));
  } catch {
    return null;
  }
  const isPartition = await fs.stat(path.join(real, 'partition')).then(() => true, () => false);
  const disk = path.basename(isPartition ? path.dirname(real) : real);
  const bus = /\/usb\d*\//.test(real) ? 'USB' : disk.startsWith('loop') ? 'disk image (loop)' : null;
  return { disk, bus };
}
