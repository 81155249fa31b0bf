// macOS volume facts from the mount table, for what diskutil cannot describe: a Share Disk volume
// is an SMB share (`smbfs`), unknown to diskutil (no BusProtocol, APFS roles or unlock), so its
// type and read-only flag come from `mount`'s output (the same table statfs' f_fstypename and
// f_flags read), one line per mount:
//   //GUEST:@Mac%20mini._smb._tcp.local/Macintosh%20HD%20-%20Data on /Volumes/Macintosh HD - Data (smbfs, nodev, nosuid, mounted by tech)
//   /dev/disk3s1 on /Volumes/STICK (msdos, local, nodev, nosuid, noowners)
import type { CommandRunner } from '../../platform/run-command';

export interface MacMount {
  readonly source: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly readOnly: boolean;
  /** The `local` flag is absent: a network file system (smbfs, nfs, afpfs, webdav). */
  readonly remote: boolean;
}

const LINE = /^(.*) on (\/.*) \(([^,()]+)((?:, [^()]*)?)\)$/;

export function parseMacMount(stdout: string): Map<string, MacMount> {
  const mounts = new Map<string, MacMount>();
  for (const line of stdout.split('\n')) {
    const match = LINE.exec(line.trimEnd());
    if (!match) continue;
    const flags = (match[4] ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    const mountPoint = match[2] as string;
    mounts.set(mountPoint, {
      source: match[1] as string,
      mountPoint,
      fsType: (match[3] as string).trim(),
      readOnly: flags.includes('read-only'),
      remote: !flags.includes('local'),
    });
  }
  return mounts;
}

/** The mount table, or null when `mount` could not run (then diskutil is asked as before). */
export async function readMacMounts(run: CommandRunner): Promise<Map<string, MacMount> | null> {
  const result = await run('/sbin/mount', []);
  return result.code === 0 ? parseMacMount(result.stdout) : null;
}
