// Recognising the bench's own disk, which is never a target (Etcher's "system drive" guard).
// A volume is the bench's own when:
//  - it is not a mount point: a plain folder shares the file system of the folder it sits in,
//    which is the bench's (this is how people and tests simulate volumes with --mounts);
//  - it is on the same device (st_dev) as "/" or as the bench's data folder — on macOS that covers
//    both the sealed System volume and the Data volume at /System/Volumes/Data;
//  - on Linux, it is another partition of the same whole disk as either of those (sysfs);
//  - on macOS, diskutil reports it as Internal (internal disks are never targets).
import fs from 'node:fs/promises';
import { blockDevice, mountHolding, type MountEntry } from './linux-mountinfo';

export interface BenchDiskIdentity {
  readonly devices: ReadonlySet<number>;
  /** Whole-disk names on Linux ("vda", "nvme0n1"). */
  readonly disks: ReadonlySet<string>;
}

export async function benchDiskIdentity(paths: readonly string[], mounts: readonly MountEntry[] | null, sysRoot?: string): Promise<BenchDiskIdentity> {
  const devices = new Set<number>();
  const disks = new Set<string>();
  for (const file of paths) {
    const stat = await fs.stat(file).catch(() => null);
    if (stat) devices.add(stat.dev);
    const entry = mounts ? mountHolding(mounts, file) : null;
    const block = entry ? await blockDevice(entry.majMin, sysRoot) : null;
    if (block) disks.add(block.disk);
  }
  return { devices, disks };
}
