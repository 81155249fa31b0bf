import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/main/platform/clock';
import { UsbAdapter } from '../../../src/main/devices/adapters/usb-adapter';
import { createDiscovery } from '../../../src/main/devices/create-discovery';
import type { TargetScanner } from '../../../src/main/devices/scanner';
import type { TargetEvent } from '../../../src/shared/models/target';
import { FakeUsb } from '../../support/fake-usb';
import { until } from '../../support/wait';

const DFU_M1 = 'CPID:8103 CPRV:11 CPFM:03 SCEP:01 BDID:22 ECID:001A2B3C4D5E6F70 IBFL:3C SRTG:[iBoot-6723.140.2]';
const RECOVERY = 'CPID:8112 CPRV:11 CPFM:03 SCEP:01 BDID:2C ECID:0009C41E2A3B4C5D IBFL:3C SRNM:[H2WDX0Q1PX]';

describe('the USB adapter, over a module shaped like usb 2.x', () => {
  it('lists Apple devices in DFU and Recovery with what their iSerial string says', async () => {
    const fake = new FakeUsb();
    fake.plug({ idProduct: 0x1227, strings: { 3: DFU_M1 }, deviceAddress: 5, portNumbers: [2, 3] });
    fake.plug({ idProduct: 0x1281, strings: { 3: RECOVERY }, deviceAddress: 6 });
    fake.plug({ idVendor: 0x046d, idProduct: 0xc52b, deviceAddress: 7 }); // a mouse
    fake.plug({ idProduct: 0x024f, deviceAddress: 8 }); // an Apple keyboard
    const reports = await new UsbAdapter(fake).list();
    expect(reports.map((r) => r.facts)).toEqual([
      expect.objectContaining({ mode: 'dfu', ecid: '001A2B3C4D5E6F70', chip: 'M1', location: '1-2.3', serialNumber: null }),
      expect.objectContaining({ mode: 'recovery', ecid: '0009C41E2A3B4C5D', chip: 'M2', serialNumber: 'H2WDX0Q1PX' }),
    ]);
    expect(fake.getDeviceList().every((d) => !d.isOpen)).toBe(true);
  });

  it('finds the string at index 4 when the declared index holds something else', async () => {
    const fake = new FakeUsb();
    fake.plug({ idProduct: 0x1280, iSerialNumber: 3, strings: { 3: 'Apple Mobile Device (Recovery Mode)', 4: RECOVERY } });
    const [report] = await new UsbAdapter(fake).list();
    expect(report?.facts).toMatchObject({ mode: 'recovery', serialNumber: 'H2WDX0Q1PX' });
  });

  it('still lists a device it may not open, without its identity', async () => {
    const fake = new FakeUsb();
    fake.plug({ idProduct: 0x1227, openFails: true, strings: { 3: DFU_M1 } });
    const errors: string[] = [];
    const [report] = await new UsbAdapter(fake, { onError: (message) => errors.push(message) }).list();
    expect(report?.facts).toMatchObject({ mode: 'dfu', ecid: null, chip: null });
    expect(errors).toEqual(['usb device could not be opened']);
  });

  it('survives a module whose device list throws', async () => {
    const broken = { getDeviceList: () => { throw new Error('LIBUSB_ERROR_OTHER'); }, usb: new FakeUsb().usb };
    expect(await new UsbAdapter(broken).list()).toEqual([]);
  });
});

describe('USB targets through the scanner', () => {
  let scanner: TargetScanner | null = null;
  afterEach(async () => {
    await scanner?.stop();
    scanner = null;
  });

  function scannerWith(fake: FakeUsb | null) {
    scanner = createDiscovery({ clock: fixedClock('2026-11-26T10:00:00Z'), usbModule: fake, usbError: fake ? null : 'no prebuilt binary', platformRoots: false, refreshMs: 0 });
    return scanner;
  }

  it('attaches a Mac entering DFU keyed by ECID, and detaches it when it leaves', async () => {
    const fake = new FakeUsb();
    const s = scannerWith(fake);
    const events: TargetEvent[] = [];
    s.on((e) => events.push(e));
    await s.start();
    expect(fake.hotplugListeners).toBe(2);

    const device = fake.plug({ idProduct: 0x1227, strings: { 3: DFU_M1 } });
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({
      type: 'attach',
      target: {
        id: 'ecid:001A2B3C4D5E6F70',
        kind: 'usb-device',
        name: 'Mac in DFU mode (M1)',
        stageable: false,
        usb: { vendorId: 0x05ac, productId: 0x1227, mode: 'dfu', cpid: '8103', chip: 'M1' },
        constraints: [{ code: 'USB_DFU_MODE' }],
      },
    });

    fake.unplug(device);
    await until(() => events.length === 2);
    expect(events[1]).toMatchObject({ type: 'detach', target: { id: 'ecid:001A2B3C4D5E6F70' } });

    await s.stop();
    expect(fake.hotplugListeners).toBe(0);
  });

  it('says USB discovery is unavailable when the module did not load, and goes on', async () => {
    const s = scannerWith(null);
    expect(await s.scanOnce()).toEqual([]);
    expect((await s.status()).usb).toEqual({ state: 'unavailable', error: 'no prebuilt binary' });
  });
});
