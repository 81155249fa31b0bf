// Mac serial numbers as people type or scan them (DOMAIN.md §4): 12 characters on older Macs, 10
// random characters from 2021 on, letters and digits. Apple's box labels encode the serial in a
// barcode prefixed with "S" (the "(S) Serial No." field), so a scan gives 11 or 13 characters.

export type SerialCheck =
  | { readonly ok: true; readonly serial: string }
  | { readonly ok: false; readonly code: 'SERIAL_INVALID'; readonly reason: string };

export function normaliseSerial(input: string): SerialCheck {
  let serial = input.normalize('NFKC').trim().toUpperCase().replace(/[\s-]/g, '');
  if ((serial.length === 11 || serial.length === 13) && serial.startsWith('S')) serial = serial.slice(1);
  if (serial.length === 0) return { ok: false, code: 'SERIAL_INVALID', reason: 'empty' };
  if (!/^[A-Z0-9]+$/.test(serial)) {
    return { ok: false, code: 'SERIAL_INVALID', reason: 'only letters and digits are allowed' };
  }
  if (serial.length !== 10 && serial.length !== 12) {
    return { ok: false, code: 'SERIAL_INVALID', reason: `${serial.length} characters; a Mac serial has 10 or 12` };
  }
  return { ok: true, serial };
}
