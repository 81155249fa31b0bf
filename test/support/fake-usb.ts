// FakeUsb: the only fake in the device tests, because these machines have no USB bus.
// It is shaped exactly like the parts of the `usb` 2.x package the bench uses, nothing more:
//   usb.getDeviceList()                    → Device[]
//   usb.usb.on/removeListener('attach'|'detach', listener)  (an EventEmitter, as in usb 2.x)
//   device.busNumber, deviceAddress, portNumbers, deviceDescriptor{idVendor,idProduct,iSerialNumber,…}
//   device.open(), device.close(), device.getStringDescriptor(index, (error?, value?) => void)
// As in usb 2.x, getStringDescriptor fails unless the device is open, and index 0 answers nothing.
// Tests plug and unplug devices with plug()/unplug(); `strings` holds each device's string table.
import { EventEmitter } from 'node:events';

export interface FakeDeviceSpec {
  readonly idVendor?: number;
  readonly idProduct: number;
  /** String descriptor table by index (3 is where Apple DFU/Recovery devices keep the iSerial). */
  readonly strings?: Readonly<Record<number, string>>;
  readonly iSerialNumber?: number;
  readonly busNumber?: number;
  readonly deviceAddress?: number;
  readonly portNumbers?: number[];
  /** Make open() throw, as libusb does without permission (LIBUSB_ERROR_ACCESS). */
  readonly openFails?: boolean;
}

export class FakeUsbDevice {
  readonly busNumber: number;
  readonly deviceAddress: number;
  readonly portNumbers: number[];
  readonly deviceDescriptor: {
    bLength: number;
    bDescriptorType: number;
    bcdUSB: number;
    bDeviceClass: number;
    bDeviceSubClass: number;
    bDeviceProtocol: number;
    bMaxPacketSize0: number;
    idVendor: number;
    idProduct: number;
    bcdDevice: number;
    iManufacturer: number;
    iProduct: number;
    iSerialNumber: number;
    bNumConfigurations: number;
  };
  isOpen = false;
  opens = 0;

  constructor(private readonly spec: FakeDeviceSpec) {
    this.busNumber = spec.busNumber ?? 1;
    this.deviceAddress = spec.deviceAddress ?? 2;
    this.portNumbers = spec.portNumbers ?? [1];
    this.deviceDescriptor = {
      bLength: 18,
      bDescriptorType: 1,
      bcdUSB: 0x0200,
      bDeviceClass: 0,
      bDeviceSubClass: 0,
      bDeviceProtocol: 0,
      bMaxPacketSize0: 64,
      idVendor: spec.idVendor ?? 0x05ac,
      idProduct: spec.idProduct,
      bcdDevice: 0,
      iManufacturer: 1,
      iProduct: 2,
      iSerialNumber: spec.iSerialNumber ?? 3,
      bNumConfigurations: 1,
    };
  }

  open(): void {
    if (this.spec.openFails) throw Object.assign(new Error('LIBUSB_ERROR_ACCESS'), { errno: -3 });
    this.isOpen = true;
    this.opens += 1;
  }

  close(): void {
    this.isOpen = false;
  }

  getStringDescriptor(index: number, callback: (error?: Error, value?: string) => void): void {
    if (index === 0) return void setImmediate(() => callback());
    if (!this.isOpen) return void setImmediate(() => callback(new Error('LIBUSB_ERROR_IO')));
    const value = this.spec.strings?.[index];
    setImmediate(() => (value === undefined ? callback(new Error('LIBUSB_ERROR_PIPE')) : callback(undefined, value)));
  }
}

export class FakeUsb {
  /** The hotplug emitter, as `require('usb').usb`. */
  readonly usb = new EventEmitter();
  private readonly devices: FakeUsbDevice[] = [];

  getDeviceList(): FakeUsbDevice[] {
    return [...this.devices];
  }

  plug(spec: FakeDeviceSpec): FakeUsbDevice {
    const device = new FakeUsbDevice(spec);
    this.devices.push(device);
    this.usb.emit('attach', device);
    return device;
  }

  unplug(device: FakeUsbDevice): void {
    this.devices.splice(this.devices.indexOf(device), 1);
    this.usb.emit('detach', device);
  }

  /** Listeners the bench left attached (usb 2.x keeps its hotplug thread alive while any remain). */
  get hotplugListeners(): number {
    return this.usb.listenerCount('attach') + this.usb.listenerCount('detach');
  }
}
