// Everything the bench learns about one mounted volume, from the platform (mountinfo/statfs on
// Linux, diskutil on macOS) and from its contents (SystemVersion.plist, Users/Shared, the staged
// file). Never throws: a volume that vanished mid-scan is `null`, one that cannot be read is a
// result carrying `unreadableReason`.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ProfileContext, StagedFile } from '../../../shared/models/target';
import type { CommandRunner } from '../../platform/run-command';
import { checkStagingPath, type Sha256Cache } from '../staged-file';
import { codeOf, readSystemVersion, type SystemVersionReading } from '../system-version';
import type { VolumeCandidate } from '../adapters/volume-adapter';
import type { BenchDiskIdentity } from './bench-disk';
import { diskutilInfo, type DiskutilFacts } from './diskutil';
import { blockDevice, mountAt, mountHolding, type MountEntry } from './linux-mountinfo';
import { filesystemUuid } from './linux-uuid';
import type { MacMount } from './macos-mounts';
import { isNetworkFileSystem, networkKind } from '../../../shared/rules/network-volumes';

export interface VolumeFacts {
  readonly mountPoint: string;
  readonly source: VolumeCandidate['source'];
  readonly name: string;
  readonly isMountPoint: boolean;
  /** st_dev: a different device mounted at the same path is a different volume. */
  readonly device: number | null;
  /** st_ino of the mount point: with `device`, the folder the stager must find there again. */
  readonly inode: number | null;
  readonly fileSystem: string | null;
  readonly busProtocol: string | null;
  readonly volumeUuid: string | null;
  readonly apfsGroupId: string | null;
  readonly writable: boolean;
  readonly locked: boolean;
  /** macOS: the Data volume of this System volume's APFS group is locked (so it is not mounted). */
  readonly groupDataLocked: boolean;
  readonly freeBytes: number | null;
  readonly benchDisk: boolean;
  /**
   * A plain folder under a root a person named (--mounts, settings): a simulated volume on the
   * bench's own disk. Allowed with a warning; a real mount of the bench's disk never is.
   */
  readonly simulated: boolean;
  readonly system: SystemVersionReading | null;
  /** Has a Users folder, or a "… - Data" name: a Mac's Data volume (or a one-volume older Mac). */
  readonly looksLikeData: boolean;
  /** APFS helper volumes of a Mac (Preboot, Recovery, VM…): never targets of their own. */
  readonly auxiliary: boolean;
  readonly stagingPathProblem: string | null;
  readonly stagedFile: StagedFile | null;
  readonly unreadableReason: string | null;
  /** It did not answer in time (a hung share): TARGET_UNRESPONSIVE. */
  readonly unresponsive: boolean;
  /** On a network file system (Share Disk's SMB share, NFS, a FUSE client): no diskutil, bounded calls. */
  readonly network: boolean;
  /** Applications/Apple Configurator.app is on this volume: it may claim the profile's double-click. */
  readonly configuratorInstalled: boolean;
}

export interface GatherContext {
  readonly platform: NodeJS.Platform;
  /** Parsed /proc/self/mountinfo on Linux; null elsewhere. */
  readonly mounts: readonly MountEntry[] | null;
  /** macOS: the mount table (`mount`), by mount point; null elsewhere or when it could not be read. */
  readonly macMounts?: ReadonlyMap<string, MacMount> | null;
  readonly run: CommandRunner;
  readonly bench: BenchDiskIdentity;
  readonly profile: ProfileContext | null;
  readonly hashes: Sha256Cache;
  readonly diskutilCache: Map<string, DiskutilFacts | null>;
  readonly byUuidDir?: string;
  readonly sysRoot?: string;
}

const DATA_NAME = /\s+[-–—]\s+Data(\s+\d+)?$/;
const APFS_HELPERS = new Set(['Preboot', 'Recovery', 'VM', 'Update', 'xART', 'iSCPreboot', 'Hardware']);

export async function gatherVolume(candidate: VolumeCandidate, ctx: GatherContext): Promise<VolumeFacts | null> {
  const mp = candidate.mountPoint;
  const stat = await fs.lstat(mp).catch(() => null);
  if (!stat || !stat.isDirectory()) return null; // gone, or replaced by something that is not a volume
  const parent = await fs.stat(path.dirname(mp)).catch(() => null);
  const base = { ...baseFacts(candidate), device: stat.dev, inode: stat.ino };
  try {
    await fs.readdir(mp);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    return { ...base, unreadableReason: describeError(error) };
  }

  const linuxEntry = ctx.mounts ? mountAt(ctx.mounts, mp) : null;
  const holding = ctx.mounts ? (linuxEntry ?? mountHolding(ctx.mounts, mp)) : null;
  const macMount = ctx.macMounts?.get(mp) ?? null;
  const network = isNetworkVolume(candidate, ctx);
  // A FUSE SMB client (smbnetfs) mounts once and shows each share as a folder inside
  // (<mount>/<host>/<share>): such a share is a volume of its own, on the server's disk — not a
  // plain folder on the bench's. Devices decide, never path prefixes.
  const isMountPoint = (ctx.mounts ? linuxEntry !== null : parent !== null && parent.dev !== stat.dev) || (network && !ctx.bench.devices.has(stat.dev));
  // diskutil knows nothing of network shares (no BusProtocol, APFS roles or unlock over SMB).
  const disk = ctx.platform === 'darwin' && isMountPoint && !network ? await cachedDiskutil(ctx, mp, stat.dev) : null;
  const block = holding && isMountPoint && !network ? await blockDevice(holding.majMin, ctx.sysRoot) : null;

  const system = await readSystemVersion(mp);
  const users = await fs.lstat(path.join(mp, 'Users')).catch(() => null);
  const name = disk?.volumeName ?? path.basename(mp);
  const looksLikeData = users !== null || DATA_NAME.test(name);
  const role = system !== null || looksLikeData ? 'mac-volume' : 'carrier';
  const staging = looksLikeData || role === 'carrier' ? await checkStagingPath(mp, role, ctx.profile, ctx.hashes) : null;
  const groupDataLocked =
    disk?.apfsVolumeGroupId && disk.apfsVolumeGroupId !== disk.volumeUuid && system !== null && !looksLikeData
      ? (await cachedDiskutil(ctx, disk.apfsVolumeGroupId, stat.dev))?.locked === true
      : false;

  return {
    ...base,
    name,
    isMountPoint,
    fileSystem: disk?.fileSystem ?? macMount?.fsType ?? holding?.fsType ?? null,
    busProtocol: isMountPoint ? (disk?.busProtocol ?? busFromMount(macMount?.fsType ?? holding?.fsType ?? null, block)) : 'directory',
    volumeUuid: disk?.volumeUuid ?? (linuxEntry && !network ? await filesystemUuid(linuxEntry, ctx.byUuidDir) : null),
    apfsGroupId: disk?.apfsVolumeGroupId ?? null,
    writable: macMount?.readOnly ? false : await isWritable(mp, holding, disk, staging !== null && role === 'mac-volume'),
    locked: disk?.locked === true,
    groupDataLocked,
    freeBytes: await freeBytes(mp),
    benchDisk:
      !isMountPoint ||
      ctx.bench.devices.has(stat.dev) ||
      (block !== null && ctx.bench.disks.has(block.disk)) ||
      disk?.internal === true,
    simulated: !isMountPoint && candidate.source === 'explicit',
    system,
    looksLikeData,
    auxiliary: disk?.fileSystem === 'apfs' && APFS_HELPERS.has(name) && system === null && users === null,
    stagingPathProblem: staging?.problem ?? null,
    stagedFile: staging?.stagedFile ?? null,
    network,
    configuratorInstalled: await hasConfigurator(mp),
  };
}

/** Whether a candidate sits on a network file system, from the mount table alone (no call on the volume). */
export function isNetworkVolume(candidate: VolumeCandidate, ctx: Pick<GatherContext, 'mounts' | 'macMounts'>): boolean {
  const mp = candidate.mountPoint;
  if (ctx.macMounts) {
    // The longest mount point holding it (a share's folders are on the share).
    let best: MacMount | null = null;
    for (const mount of ctx.macMounts.values()) {
      const prefix = mount.mountPoint === '/' ? '/' : `${mount.mountPoint}/`;
      if ((mp === mount.mountPoint || mp.startsWith(prefix)) && (!best || mount.mountPoint.length > best.mountPoint.length)) best = mount;
    }
    if (best) return isNetworkFileSystem(best.fsType) || (best.remote && best.fsType !== 'devfs' && best.fsType !== 'autofs');
  }
  const holding = ctx.mounts ? mountHolding(ctx.mounts, mp) : null;
  return isNetworkFileSystem(holding?.fsType);
}

const CONFIGURATOR_APPS = ['Apple Configurator.app', 'Apple Configurator 2.app'];

async function hasConfigurator(mp: string): Promise<boolean> {
  for (const app of CONFIGURATOR_APPS) {
    if (await fs.lstat(path.join(mp, 'Applications', app)).then((s) => s.isDirectory(), () => false)) return true;
  }
  return false;
}

/** What is known of a volume before looking at it: nothing but its place. */
export function baseFacts(candidate: VolumeCandidate): VolumeFacts {
  return {
    mountPoint: candidate.mountPoint,
    source: candidate.source,
    name: path.basename(candidate.mountPoint),
    isMountPoint: false,
    device: null,
    inode: null,
    fileSystem: null,
    busProtocol: null,
    volumeUuid: null,
    apfsGroupId: null,
    writable: false,
    locked: false,
    groupDataLocked: false,
    freeBytes: null,
    benchDisk: false,
    simulated: false,
    system: null,
    looksLikeData: false,
    auxiliary: false,
    stagingPathProblem: null,
    stagedFile: null,
    unreadableReason: null,
    unresponsive: false,
    network: false,
    configuratorInstalled: false,
  };
}

/** diskutil is slow (tens of ms) and its answers do not change while a volume stays mounted. */
async function cachedDiskutil(ctx: GatherContext, target: string, dev: number): Promise<DiskutilFacts | null> {
  const key = `${target}\0${dev}`;
  if (!ctx.diskutilCache.has(key)) ctx.diskutilCache.set(key, await diskutilInfo(ctx.run, target));
  return ctx.diskutilCache.get(key) ?? null;
}

function busFromMount(fsType: string | null, block: Awaited<ReturnType<typeof blockDevice>>): string | null {
  const kind = networkKind(fsType);
  if (kind === 'smb') return 'SMB (Share Disk)';
  if (kind) return 'network';
  return block?.bus ?? null;
}

/**
 * Read-only mount flag first (mountinfo `ro`, diskutil WritableVolume), then access(W_OK) on the
 * deepest existing folder of the staging path — which also catches a read-only mount the flags
 * missed (EROFS). Nothing is ever written to find out.
 */
async function isWritable(mp: string, entry: MountEntry | null, disk: DiskutilFacts | null, macData: boolean): Promise<boolean> {
  if (entry?.readOnly || disk?.writable === false) return false;
  const candidates = macData ? [path.join(mp, 'Users', 'Shared'), path.join(mp, 'Users'), mp] : [mp];
  for (const dir of candidates) {
    const exists = await fs.lstat(dir).then((s) => s.isDirectory(), () => false);
    if (!exists) continue;
    return fs.access(dir, fs.constants.W_OK).then(() => true, () => false);
  }
  return false;
}

/** Free bytes, or null when unknown: some SMB clients (smbnetfs) report no blocks at all, which is not "full". */
async function freeBytes(mp: string): Promise<number | null> {
  try {
    const s = await fs.statfs(mp);
    if (s.blocks === 0) return null;
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function describeError(error: unknown): string {
  const code = codeOf(error);
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EIO: 'input/output error',
    ENOTCONN: 'the connection to it was lost',
    ETIMEDOUT: 'it does not respond',
  };
  return words[code] ?? code;
}
