import { z } from 'zod';
import { Finding, Sha256 } from './common';

export const TargetKind = z.enum(['mac-volume', 'carrier', 'usb-device']);
export type TargetKind = z.infer<typeof TargetKind>;

export const MacOSVersion = z.object({
  productName: z.string(),
  productVersion: z.string(),
  build: z.string().nullable(),
});
export type MacOSVersion = Readonly<z.infer<typeof MacOSVersion>>;

export const UsbMode = z.enum([
  'dfu',
  'wtf',
  'port-dfu',
  'recovery',
  'kis',
  'restore',
  't2',
  'ios',
  'other-apple',
  /** Not an Apple device (vendor id other than 0x05AC); only `usb decode` reports it. */
  'not-apple',
]);
export type UsbMode = z.infer<typeof UsbMode>;

export const UsbFacts = z.object({
  vendorId: z.number().int(),
  productId: z.number().int(),
  mode: UsbMode,
  /** 16 upper-case hex digits, e.g. "000007F4F1560230". */
  ecid: z.string().nullable(),
  /** 4 upper-case hex digits, e.g. "8103". */
  cpid: z.string().nullable(),
  /** Marketing name of the chip from CPID, e.g. "M1", "T2 (Intel Mac)". */
  chip: z.string().nullable(),
  bdid: z.string().nullable(),
  /** SRNM from a Recovery-mode string (DFU strings carry none). */
  serialNumber: z.string().nullable(),
  /** SRTG, e.g. "iBoot-1704.10". */
  iboot: z.string().nullable(),
  /** Bus/port path when the OS reports one (hub port mapping), e.g. "1-2.3". */
  location: z.string().nullable(),
});
export type UsbFacts = Readonly<z.infer<typeof UsbFacts>>;

/** A file already at the staging path of the chosen profile (only known once a profile is chosen). */
export const StagedFile = z.object({
  path: z.string(),
  /** null when it is not a regular file or could not be read. */
  sha256: Sha256.nullable(),
  sizeBytes: z.number().int().nonnegative(),
  matchesProfile: z.boolean(),
});
export type StagedFile = Readonly<z.infer<typeof StagedFile>>;

/**
 * st_dev/st_ino of a folder, as the scan saw it. The inode is null on network file systems, where
 * a client may number the same folder differently from one look to the next (FUSE without
 * use_ino): there only the device is compared.
 */
export const FileIdentity = z.object({ device: z.number(), inode: z.number().nullable() });
export type FileIdentity = Readonly<z.infer<typeof FileIdentity>>;

// A target is one of three different things, and each kind holds only what it can have:
//   mac-volume  a Mac's disk (Target Disk Mode, Share Disk, a folder standing in for one): its
//               System/Data volumes, macOS, a serial number a person can enter or scan
//   carrier     a plain drive a person carries to Macs that are not on the bench: a volume, no Mac
//   usb-device  an Apple device seen only on the USB bus (DFU, Recovery…): no volume at all, so
//               nothing can be written to it; its USB facts say which mode it is in
// `kind` discriminates them (z.discriminatedUnion), so the compiler makes every reader narrow.

/** What every kind of target has. */
const TargetCommon = {
  /** Stable id: "uuid:<volume UUID>", else "ecid:<ECID>", else "serial:<serial>", else "path:<mount point>". */
  id: z.string().min(1),
  name: z.string(),
  stageable: z.boolean(),
  /** Errors block, warnings inform, in the order documented in docs/DEVICES.md. */
  constraints: z.array(Finding),
  /** Where the facts came from, e.g. 'USB', 'Thunderbolt', 'SMB (Share Disk)', 'directory'. */
  busProtocol: z.string().nullable(),
  attachedAt: z.string(),
};

/** What the volume-backed kinds (mac-volume, carrier) have: a mounted volume the profile goes to. */
const VolumeFields = {
  /** The volume a person would open: the Data volume of a Mac when mounted, else its System volume. */
  mountPoint: z.string(),
  writable: z.boolean(),
  locked: z.boolean(),
  freeBytes: z.number().nullable(),
  volumeUuid: z.string().nullable(),
  /** File system type as the platform names it (apfs, ext4, tmpfs, smbfs…), when known. */
  fileSystem: z.string().nullable(),
  /** Absolute folder that receives the profile: <Data>/Users/Shared/Enrollment, or a carrier's root. */
  stagingDir: z.string().nullable(),
  stagedFile: StagedFile.nullable(),
  /**
   * The stageable root's device/inode when scanned (a Mac's Data volume, a carrier's mount point):
   * the stager refuses, as disconnected, a root that is no longer that folder.
   */
  rootIdentity: FileIdentity.nullable(),
};

export const MacVolumeTarget = z.object({
  kind: z.literal('mac-volume'),
  ...TargetCommon,
  ...VolumeFields,
  dataVolume: z.string().nullable(),
  systemVolume: z.string().nullable(),
  macOS: MacOSVersion.nullable(),
  /** Serial number when known (entered or scanned in this session). */
  serialNumber: z.string().nullable(),
});
export type MacVolumeTarget = Readonly<z.infer<typeof MacVolumeTarget>>;

export const CarrierTarget = z.object({
  kind: z.literal('carrier'),
  ...TargetCommon,
  ...VolumeFields,
});
export type CarrierTarget = Readonly<z.infer<typeof CarrierTarget>>;

export const UsbDeviceTarget = z.object({
  kind: z.literal('usb-device'),
  ...TargetCommon,
  usb: UsbFacts,
  /** Serial number when known (from a Recovery-mode USB string, entered or scanned). */
  serialNumber: z.string().nullable(),
});
export type UsbDeviceTarget = Readonly<z.infer<typeof UsbDeviceTarget>>;

export const Target = z.discriminatedUnion('kind', [MacVolumeTarget, CarrierTarget, UsbDeviceTarget]);
export type Target = MacVolumeTarget | CarrierTarget | UsbDeviceTarget;
/** The kinds that are a mounted volume (and can receive a profile). */
export type VolumeTarget = MacVolumeTarget | CarrierTarget;

/** A target that is a mounted volume (mac-volume or carrier), for code that reads its volume facts. */
export function isVolumeTarget(target: Target): target is VolumeTarget {
  return target.kind !== 'usb-device';
}

/** The serial number known for a target: entered/scanned, or from a Recovery-mode USB string. */
export function serialNumberOf(target: Target): string | null {
  if (target.kind === 'carrier') return null;
  if (target.kind === 'usb-device') return target.serialNumber ?? target.usb.serialNumber;
  return target.serialNumber;
}

/** Every path a person might name the target by: its mount point and, for a Mac, its System/Data volumes. */
export function volumePathsOf(target: Target): string[] {
  if (target.kind === 'usb-device') return [];
  if (target.kind === 'carrier') return [target.mountPoint];
  return [target.mountPoint, target.dataVolume, target.systemVolume].filter((p): p is string => p !== null);
}

/** `Omit` for each kind of a union (plain `Omit` would keep only the keys the kinds share). */
export type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const TargetEvent = z.object({
  type: z.enum(['attach', 'update', 'detach']),
  target: Target,
  at: z.string(),
});
export type TargetEvent = Readonly<z.infer<typeof TargetEvent>>;

/**
 * What target inspection needs to know about the chosen profile: its bytes (for "already staged"),
 * the oldest macOS that accepts it (13.1 for ACME) and its display name (for the staged file name).
 */
export const ProfileContext = z.object({
  sha256: Sha256,
  minMacOS: z.string(),
  displayName: z.string().nullable(),
});
export type ProfileContext = Readonly<z.infer<typeof ProfileContext>>;

export const MountRootStatus = z.object({
  path: z.string(),
  /** platform: /Volumes, /media…; explicit: --mounts or settings. */
  source: z.enum(['platform', 'explicit']),
  state: z.enum(['ok', 'missing', 'unreadable']),
});
export type MountRootStatus = Readonly<z.infer<typeof MountRootStatus>>;

export const DiscoveryStatus = z.object({
  /** watch: adapters are live; off: targets are found by one-shot scans. */
  mode: z.enum(['watch', 'off']),
  roots: z.array(MountRootStatus),
  usb: z.object({
    state: z.enum(['watching', 'available', 'unavailable']),
    /** Why USB discovery is unavailable, in words a technician can pass on. */
    error: z.string().nullable(),
  }),
});
export type DiscoveryStatus = Readonly<z.infer<typeof DiscoveryStatus>>;

/** `usb decode`: what the bench makes of a device from its ids and iSerial string. */
export const UsbDecoding = z.object({
  usb: UsbFacts,
  description: z.string(),
  /** Whether discovery lists such a device as a target (Apple keyboards, hubs and T2 bridges are not). */
  listed: z.boolean(),
  constraints: z.array(Finding),
});
export type UsbDecoding = Readonly<z.infer<typeof UsbDecoding>>;
