// Network volumes (DOMAIN.md §3): an Apple-silicon Mac in Share Disk serves its disk as an SMB
// share over the cable, which macOS mounts as `smbfs` and Linux as `cifs`/`smb3` or through a FUSE
// client (smbnetfs, gvfs). Such a volume is judged from the mount table, not from diskutil; its
// free space may be unknown, and any call on it can hang while the share does not answer.

import type { Target } from '../models/target';

export type NetworkKind = 'smb' | 'nfs' | 'other';

const SMB_TYPES = /^(smbfs|cifs|smb3?|fuse\.smbnetfs|fuse\.fusesmb|fuse\.gvfsd?-fuse)$/;
const NFS_TYPES = /^(nfs4?|fuse\.nfs)$/;
/** FUSE file systems that serve a local disk (NTFS, exFAT…), not a network share. */
const LOCAL_FUSE = /^(fuseblk|fuse\.(exfat|ntfs-3g|ntfs|apfs|apfs-fuse|ext2|fuse2fs|hfsfuse|squashfuse|lxcfs|portal|appimage.*))$/;
const OTHER_NETWORK = /^(afpfs|webdav|davfs|9p|fuse\..+)$/;

/** What kind of network file system `fsType` is (as the mount table names it), or null for a local one. */
export function networkKind(fsType: string | null | undefined): NetworkKind | null {
  if (!fsType) return null;
  if (SMB_TYPES.test(fsType)) return 'smb';
  if (NFS_TYPES.test(fsType)) return 'nfs';
  if (LOCAL_FUSE.test(fsType)) return null;
  return OTHER_NETWORK.test(fsType) ? 'other' : null;
}

export function isNetworkFileSystem(fsType: string | null | undefined): boolean {
  return networkKind(fsType) !== null;
}

/** Bus / connection words shown on a tile and by `targets` for a network volume. */
export const NETWORK_CONNECTION_LABELS: Readonly<Record<NetworkKind, string>> = {
  smb: 'Shared over the cable (SMB)',
  nfs: 'Network share (NFS)',
  other: 'Network share',
};

/**
 * How a target is connected, in the words a technician reads: "Shared over the cable (SMB)" for
 * Share Disk, else the bus the platform reported ("USB", "Thunderbolt"), else null.
 */
export function connectionLabel(target: { readonly fileSystem: string | null; readonly busProtocol: string | null }): string | null {
  const kind = networkKind(target.fileSystem);
  if (kind) return NETWORK_CONNECTION_LABELS[kind];
  if (target.busProtocol === 'directory') return 'Folder on this bench';
  return target.busProtocol;
}

/** "Shared over the cable (SMB)" for a network volume, else null (tiles show it only then). */
export function networkLabel(target: Target | { readonly fileSystem: string | null }): string | null {
  // A USB device (no volume) has no file system: never a network connection.
  const kind = networkKind('fileSystem' in target ? target.fileSystem : null);
  return kind ? NETWORK_CONNECTION_LABELS[kind] : null;
}

/**
 * How long one file-system call on a network volume may take before the share counts as hung
 * (cable pulled, Mac restarted, Share Disk stopped): long enough for a slow share, short enough
 * that the technician sees the failure at once.
 */
export const NETWORK_CALL_TIMEOUT_MS = 5_000;
