// What an Apple USB device is, from its product id and iSerial string (DOMAIN.md §4, libirecovery
// and usbmuxd). Used by the USB adapter for every device it sees and by `usb decode`, so support
// can reproduce exactly what the bench concluded about a device.
import type { UsbDecoding, UsbFacts, UsbMode } from '../../../shared/models/target';
import { targetConstraints } from '../../../shared/rules/target-constraints';
import { parseISerial } from './parse-iserial';

export const APPLE_VENDOR_ID = 0x05ac;

const PRODUCT_MODES: readonly { readonly from: number; readonly to: number; readonly mode: UsbMode }[] = [
  { from: 0x1227, to: 0x1227, mode: 'dfu' },
  { from: 0x1222, to: 0x1222, mode: 'wtf' },
  { from: 0xf014, to: 0xf014, mode: 'port-dfu' },
  { from: 0x1280, to: 0x1283, mode: 'recovery' },
  { from: 0x1881, to: 0x1881, mode: 'kis' },
  { from: 0x1901, to: 0x1905, mode: 'restore' },
  { from: 0x8600, to: 0x8600, mode: 't2' },
  { from: 0x1290, to: 0x12af, mode: 'ios' },
];

export function classifyUsbProduct(vendorId: number, productId: number): UsbMode {
  if (vendorId !== APPLE_VENDOR_ID) return 'not-apple';
  return PRODUCT_MODES.find((m) => productId >= m.from && productId <= m.to)?.mode ?? 'other-apple';
}

/**
 * Modes the bench lists as targets. Not listed: keyboards, displays and hubs ('other-apple'), and
 * 't2': an Intel Mac with a T2 chip shows its *own* T2 bridge (0x8600) on its USB bus, so a bench
 * on such a Mac would list itself. A T2 Mac attached in DFU shows as 'dfu' with chip T2.
 */
export function isListedMode(mode: UsbMode): boolean {
  return mode !== 'other-apple' && mode !== 'not-apple' && mode !== 't2';
}

const DESCRIPTIONS: Record<UsbMode, string> = {
  dfu: 'Mac in DFU mode',
  wtf: 'Mac in DFU mode (WTF)',
  'port-dfu': 'Mac in port DFU mode',
  recovery: 'Mac in Recovery',
  kis: 'Mac in debug USB mode (KIS)',
  restore: 'Mac in restore / recoveryOS',
  t2: 'T2 security chip bridge',
  ios: 'iPhone or iPad',
  'other-apple': 'Apple USB device',
  'not-apple': 'Not an Apple device',
};

export interface UsbIdentity {
  readonly vendorId: number;
  readonly productId: number;
  /** The string read at the iSerialNumber index (or at 3/4), when one could be read. */
  readonly serialString: string | null;
  readonly location?: string | null;
}

export function usbFacts(identity: UsbIdentity): UsbFacts {
  const mode = classifyUsbProduct(identity.vendorId, identity.productId);
  const fields = parseISerial(identity.serialString);
  return {
    vendorId: identity.vendorId,
    productId: identity.productId,
    mode,
    ecid: fields.ecid,
    cpid: fields.cpid,
    chip: fields.chip,
    bdid: fields.bdid,
    serialNumber: fields.serialNumber,
    iboot: fields.iboot,
    location: identity.location ?? null,
  };
}

export function describeUsb(facts: UsbFacts): string {
  const base = DESCRIPTIONS[facts.mode];
  if (facts.chip) return `${base} (${facts.chip})`;
  return facts.cpid ? `${base} (chip ${facts.cpid})` : base;
}

/** The whole verdict for one device: the same function the adapter's targets are built from. */
export function decodeUsbDevice(identity: UsbIdentity): UsbDecoding {
  const usb = usbFacts(identity);
  return {
    usb,
    description: describeUsb(usb),
    listed: isListedMode(usb.mode),
    constraints: targetConstraints(
      {
        kind: 'usb-device',
        unreadableReason: null,
        usbMode: usb.mode,
        notMacReason: null,
        locked: false,
        hasDataVolume: false,
        writable: false,
        stagingPathProblem: null,
        freeBytes: null,
        benchDisk: false,
        simulated: false,
        macOSVersion: null,
        stagedFile: null,
      },
      { profile: null },
    ),
  };
}

/** "05ac", "0x05AC", "5AC" → 0x05ac; anything else → null. */
export function parseUsbId(text: string): number | null {
  const match = /^(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  return match ? Number.parseInt(match[1] as string, 16) : null;
}
