// The file-system UUID of a mounted Linux block device, for a target id that survives re-plugging:
// udev's /dev/disk/by-uuid symlinks where udev runs, else (containers, minimal systems) the UUID
// read straight from an ext2/3/4 super block, which needs read access to the device (root).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MountEntry } from './linux-mountinfo';

export const BY_UUID_DIR = '/dev/disk/by-uuid';

export async function filesystemUuid(entry: MountEntry, byUuidDir: string = BY_UUID_DIR): Promise<string | null> {
  if (!entry.source.startsWith('/dev/')) return null;
  const device = await fs.realpath(entry.source).catch(() => entry.source);
  const fromUdev = await uuidFromSymlinks(device, byUuidDir);
  if (fromUdev) return fromUdev;
  return /^ext[234]$/.test(entry.fsType) ? extSuperblockUuid(device) : null;
}

async function uuidFromSymlinks(device: string, dir: string): Promise<string | null> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    const target = await fs.realpath(path.join(dir, name)).catch(() => null);
    if (target === device) return name.toLowerCase();
  }
  return null;
}

const SUPERBLOCK_OFFSET = 1024;
const EXT_MAGIC = 0xef53;

/** s_magic at 0x38 and s_uuid at 0x68 of the ext super block (1024 bytes into the device). */
export async function extSuperblockUuid(device: string): Promise<string | null> {
  let handle;
  try {
    handle = await fs.open(device, 'r');
    const buffer = Buffer.alloc(128);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, SUPERBLOCK_OFFSET);
    if (bytesRead < 0x78 || buffer.readUInt16LE(0x38) !== EXT_MAGIC) return null;
    const hex = buffer.subarray(0x68, 0x78).toString('hex');
    if (/^0+$/.test(hex)) return null;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => {});
  }
}
