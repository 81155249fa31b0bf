import { describe, expect, it } from 'vitest';
import { classifyUsbProduct, decodeUsbDevice, parseUsbId } from '../../../src/main/devices/usb/classify-usb';
import { parseISerial } from '../../../src/main/devices/usb/parse-iserial';

// Real iSerial strings. DOMAIN.md §4 quotes the first; the others are as published in the
// libimobiledevice ecosystem (iBoot console banners, a Windows device path, test fixtures).
const DOMAIN_DFU = 'CPID:8960 CPRV:11 CPFM:03 SCEP:01 BDID:0A ECID:000007F4F1560230 IBFL:1C SRTG:[iBoot-1704.10]';
const RECOVERY_BANNER = 'CPID:8930 CPRV:20 CPFM:03 SCEP:01 BDID:00 ECID:00000363F615C377 IBFL:00 SRNM:[84033X5RA4S]';
const WINDOWS_PATH_FORM = 'CPID:8920_CPRV:15_CPFM:03_SCEP:04_BDID:00_ECID:000000143A045D0C_IBFL:00_SRNM:[889437758M8]_IMEI:[012037007915703]';
const APPLE_VM_ROM = 'SDOM:01 CPID:FE00 CPRV:00 CPFM:03 SCEP:01 BDID:20 ECID:0000000000000000 IBFL:3C SRTG:[iBoot-7459.141.1]';
const PWNED = 'CPID:8020 BDID:0A ECID:0000000000000001 PWND:[checkra1n]';
const SHORT_ECID = 'CPID:8900 BDID:04 ECID:1 IBFL:0 SRNM:[N82AP] SRTG:[iBoot-931.71.16]';

describe('parsing the iSerialNumber string', () => {
  it.each([
    ['DOMAIN.md DFU example', DOMAIN_DFU, { cpid: '8960', bdid: '0A', ecid: '000007F4F1560230', serialNumber: null, iboot: 'iBoot-1704.10', chip: null }],
    ['Recovery, with SRNM', RECOVERY_BANNER, { cpid: '8930', ecid: '00000363F615C377', serialNumber: '84033X5RA4S', iboot: null }],
    ['underscore-separated (Windows device path)', WINDOWS_PATH_FORM, { cpid: '8920', scep: '04', ecid: '000000143A045D0C', serialNumber: '889437758M8' }],
    ['lower-cased with underscores (Windows)', DOMAIN_DFU.toLowerCase().replaceAll(' ', '_'), { cpid: '8960', bdid: '0A', ecid: '000007F4F1560230', iboot: 'iBoot-1704.10' }],
    ['Apple virtual Mac ROM (ECID 0 means none)', APPLE_VM_ROM, { cpid: 'FE00', chip: 'Apple virtual Mac', ecid: null, iboot: 'iBoot-7459.141.1' }],
    ['an extra PWND field', PWNED, { cpid: '8020', ecid: '0000000000000001' }],
    ['a short ECID and a board name in SRNM', SHORT_ECID, { ecid: '0000000000000001', serialNumber: null, iboot: 'iBoot-931.71.16' }],
    ['an M1 Mac', 'CPID:8103 CPRV:11 CPFM:03 SCEP:01 BDID:22 ECID:001A2B3C4D5E6F70 IBFL:3C SRTG:[iBoot-6723.140.2]', { chip: 'M1', bdid: '22' }],
    ['a T2 Mac, lower case', 'cpid:8012_cprv:11_cpfm:03_scep:01_bdid:0c_ecid:000a1b2c3d4e5f60_ibfl:3c_srnm:[c02xg0aajg5j]', { chip: 'T2 (Intel Mac)', serialNumber: 'C02XG0AAJG5J' }],
  ])('%s', (_name, text, expected) => {
    expect(parseISerial(text)).toMatchObject(expected);
  });

  it.each([
    ['empty', ''],
    ['not an iBoot string', 'Apple Inc. Magic Keyboard'],
    ['an ECID longer than 64 bits', 'ECID:00000363F615C3770000'],
    ['brackets never closed', 'CPID:8103 SRNM:[C02XG0AAJG5J'],
    ['control characters', 'CPID:\u0000\u0001 ECID:\uffff'],
  ])('gives empty fields, not an error, for %s', (_name, text) => {
    const fields = parseISerial(text);
    expect(fields.ecid).toBeNull();
    expect(fields.serialNumber).toBeNull();
  });

  it('reads only the first kilobyte of a hostile string', () => {
    expect(parseISerial(`${'x'.repeat(2000)} ECID:000007F4F1560230`).ecid).toBeNull();
  });
});

describe('classifying Apple USB devices by product id', () => {
  it.each(([
    [0x1227, 'dfu'],
    [0x1222, 'wtf'],
    [0xf014, 'port-dfu'],
    [0x1280, 'recovery'],
    [0x1283, 'recovery'],
    [0x1881, 'kis'],
    [0x1901, 'restore'],
    [0x1905, 'restore'],
    [0x8600, 't2'],
    [0x1290, 'ios'],
    [0x12a8, 'ios'],
    [0x12af, 'ios'],
    [0x12b0, 'other-apple'],
    [0x0250, 'other-apple'],
  ] as const).map(([pid, mode]) => [pid.toString(16).padStart(4, '0'), pid, mode] as const))('product 0x%s', (_hex, pid, mode) => {
    expect(classifyUsbProduct(0x05ac, pid)).toBe(mode);
  });

  it('calls any other vendor not Apple', () => {
    expect(classifyUsbProduct(0x0781, 0x1227)).toBe('not-apple');
  });
});

describe('decoding a device for support (usb decode)', () => {
  it('shows a Mac in DFU with its chip and the Share Disk guidance', () => {
    const decoded = decodeUsbDevice({ vendorId: 0x05ac, productId: 0x1227, serialString: DOMAIN_DFU.replace('8960', '8103') });
    expect(decoded).toMatchObject({
      description: 'Mac in DFU mode (M1)',
      listed: true,
      usb: { mode: 'dfu', ecid: '000007F4F1560230', cpid: '8103', chip: 'M1', serialNumber: null },
      constraints: [{ severity: 'error', code: 'USB_DFU_MODE' }],
    });
  });

  it('keys a Recovery Mac by its serial and tells the technician to use Share Disk', () => {
    const decoded = decodeUsbDevice({ vendorId: 0x05ac, productId: 0x1281, serialString: RECOVERY_BANNER });
    expect(decoded.usb).toMatchObject({ mode: 'recovery', serialNumber: '84033X5RA4S' });
    expect(decoded.constraints[0]?.message).toContain('Share Disk');
  });

  it('does not list keyboards or the bench’s own T2 bridge', () => {
    expect(decodeUsbDevice({ vendorId: 0x05ac, productId: 0x024f, serialString: null }).listed).toBe(false);
    expect(decodeUsbDevice({ vendorId: 0x05ac, productId: 0x8600, serialString: null })).toMatchObject({ listed: false, description: 'T2 security chip bridge' });
  });

  it('reads vendor and product ids as hex, with or without 0x', () => {
    expect(parseUsbId('05ac')).toBe(0x05ac);
    expect(parseUsbId('0x1227')).toBe(0x1227);
    expect(parseUsbId('F014')).toBe(0xf014);
    expect(parseUsbId('12345')).toBeNull();
    expect(parseUsbId('zz')).toBeNull();
  });
});
