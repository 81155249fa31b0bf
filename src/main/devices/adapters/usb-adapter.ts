// The USB adapter: Apple (0x05AC) devices from the `usb` 2.x package, with hotplug attach/detach.
// Each device is classified by product id and, where it has one, its iSerialNumber string is read
// (at the descriptor's iSerialNumber index, else 3, else 4: DOMAIN.md §4) for ECID, chip and serial.
// The module is injected: the real one where `usb` loaded, a fake shaped exactly like it in tests
// (test/support/fake-usb.ts). Only what is typed below is used, so that fake stays small.
import type { UsbFacts } from '../../../shared/models/target';
import { APPLE_VENDOR_ID, classifyUsbProduct, isListedMode, usbFacts } from '../usb/classify-usb';
import { parseISerial } from '../usb/parse-iserial';
import type { DiscoveryAdapter } from './discovery-adapter';

/** The part of a `usb` 2.x Device the adapter uses. */
export interface UsbDeviceLike {
  readonly busNumber: number;
  readonly deviceAddress: number;
  readonly portNumbers?: readonly number[] | undefined;
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number; readonly iSerialNumber: number };
  open(defaultConfig?: boolean): void;
  close(): void;
  getStringDescriptor(index: number, callback: (error?: unknown, value?: string) => void): void;
}

/** The part of the `usb` 2.x module the adapter uses: `getDeviceList()` and the `usb` hotplug emitter. */
export interface UsbModuleLike {
  getDeviceList(): UsbDeviceLike[];
  readonly usb: {
    on(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): unknown;
    removeListener(event: 'attach' | 'detach', listener: (device: UsbDeviceLike) => void): unknown;
  };
}

export interface UsbDeviceReport {
  /** Identity of the physical attachment while it lasts (bus + address). */
  readonly key: string;
  readonly facts: UsbFacts;
}

export interface UsbAdapterOptions {
  readonly readTimeoutMs?: number;
  readonly onError?: (message: string, fields: Record<string, unknown>) => void;
}

export class UsbAdapter implements DiscoveryAdapter<UsbDeviceReport[]> {
  private readonly known = new Map<string, Promise<UsbDeviceReport>>();
  private listeners: { attach: (d: UsbDeviceLike) => void; detach: (d: UsbDeviceLike) => void } | null = null;

  constructor(
    private readonly module: UsbModuleLike,
    private readonly options: UsbAdapterOptions = {},
  ) {}

  get watching(): boolean {
    return this.listeners !== null;
  }

  /** Every listed Apple device now attached. While watching, hotplug keeps the list current. */
  async list(): Promise<UsbDeviceReport[]> {
    if (!this.watching) this.syncWith(this.enumerate());
    return Promise.all([...this.known.values()]);
  }

  watch(onChange: () => void): void {
    if (this.listeners) return;
    this.syncWith(this.enumerate());
    const attach = (device: UsbDeviceLike) => {
      if (!isInteresting(device)) return;
      const key = keyOf(device);
      if (!this.known.has(key)) this.known.set(key, this.report(device));
      void this.known.get(key)?.then(onChange);
    };
    const detach = (device: UsbDeviceLike) => {
      if (this.known.delete(keyOf(device))) onChange();
    };
    this.listeners = { attach, detach };
    this.module.usb.on('attach', attach);
    this.module.usb.on('detach', detach);
  }

  /** Remove the hotplug listeners: `usb` stops its hotplug thread when none are left. */
  unwatch(): void {
    if (!this.listeners) return;
    this.module.usb.removeListener('attach', this.listeners.attach);
    this.module.usb.removeListener('detach', this.listeners.detach);
    this.listeners = null;
  }

  private enumerate(): UsbDeviceLike[] {
    try {
      return this.module.getDeviceList().filter(isInteresting);
    } catch (error) {
      this.options.onError?.('usb device list failed', { error: String(error) });
      return [];
    }
  }

  private syncWith(devices: readonly UsbDeviceLike[]): void {
    const keys = new Set(devices.map(keyOf));
    for (const key of this.known.keys()) if (!keys.has(key)) this.known.delete(key);
    for (const device of devices) if (!this.known.has(keyOf(device))) this.known.set(keyOf(device), this.report(device));
  }

  private async report(device: UsbDeviceLike): Promise<UsbDeviceReport> {
    const { idVendor, idProduct } = device.deviceDescriptor;
    const serialString = await this.readISerial(device);
    return {
      key: keyOf(device),
      facts: usbFacts({ vendorId: idVendor, productId: idProduct, serialString, location: locationOf(device) }),
    };
  }

  /** The iSerial string, or null when the device cannot be opened (permissions, driver) or has none. */
  private async readISerial(device: UsbDeviceLike): Promise<string | null> {
    const declared = device.deviceDescriptor.iSerialNumber;
    const indexes = [...new Set([declared, 3, 4].filter((i) => i > 0))];
    try {
      device.open();
    } catch (error) {
      this.options.onError?.('usb device could not be opened', { location: locationOf(device), error: String(error) });
      return null;
    }
    try {
      let first: string | null = null;
      for (const index of indexes) {
        const text = await this.readString(device, index);
        if (text === null) continue;
        first ??= text;
        const fields = parseISerial(text);
        if (fields.ecid !== null || fields.cpid !== null) return text;
      }
      return first;
    } finally {
      try {
        device.close();
      } catch {
        // Already gone: nothing to release.
      }
    }
  }

  private readString(device: UsbDeviceLike, index: number): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), this.options.readTimeoutMs ?? 1_000);
      try {
        device.getStringDescriptor(index, (error, value) => {
          clearTimeout(timer);
          resolve(error || typeof value !== 'string' ? null : value.replace(/\0+$/, ''));
        });
      } catch {
        clearTimeout(timer);
        resolve(null);
      }
    });
  }
}

function isInteresting(device: UsbDeviceLike): boolean {
  const { idVendor, idProduct } = device.deviceDescriptor;
  return idVendor === APPLE_VENDOR_ID && isListedMode(classifyUsbProduct(idVendor, idProduct));
}

function keyOf(device: UsbDeviceLike): string {
  return `${device.busNumber}:${device.deviceAddress}`;
}

/** "1-2.3": bus 1, port 2, then port 3 of the hub on it (the Linux sysfs spelling). */
function locationOf(device: UsbDeviceLike): string | null {
  const ports = device.portNumbers ?? [];
  return ports.length > 0 ? `${device.busNumber}-${ports.join('.')}` : null;
}
