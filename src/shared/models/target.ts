import { z } from 'zod';
import { Finding } from './common';

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
]);
export type UsbMode = z.infer<typeof UsbMode>;

export const UsbFacts = z.object({
  vendorId: z.number().int(),
  productId: z.number().int(),
  mode: UsbMode,
  ecid: z.string().nullable(),
  cpid: z.string().nullable(),
  chip: z.string().nullable(),
  bdid: z.string().nullable(),
  serialNumber: z.string().nullable(),
  iboot: z.string().nullable(),
  /** Bus/port path when the OS reports one (hub port mapping). */
  location: z.string().nullable(),
});
export type UsbFacts = Readonly<z.infer<typeof UsbFacts>>;

export const Target = z.object({
  /** Stable id: volume UUID, else ECID, else serial, else mount path. */
  id: z.string().min(1),
  kind: TargetKind,
  name: z.string(),
  mountPoint: z.string().nullable(),
  dataVolume: z.string().nullable(),
  systemVolume: z.string().nullable(),
  macOS: MacOSVersion.nullable(),
  writable: z.boolean(),
  locked: z.boolean(),
  freeBytes: z.number().nullable(),
  stageable: z.boolean(),
  constraints: z.array(Finding),
  usb: UsbFacts.nullable(),
  /** Serial number when known (entered, scanned, or from a Recovery-mode USB string). */
  serialNumber: z.string().nullable(),
  /** Where the volume facts came from, e.g. 'USB', 'Thunderbolt', 'SMB (Share Disk)', 'directory'. */
  busProtocol: z.string().nullable(),
  volumeUuid: z.string().nullable(),
  attachedAt: z.string(),
});
export type Target = Readonly<z.infer<typeof Target>>;

export const TargetEvent = z.object({
  type: z.enum(['attach', 'update', 'detach']),
  target: Target,
  at: z.string(),
});
export type TargetEvent = Readonly<z.infer<typeof TargetEvent>>;
