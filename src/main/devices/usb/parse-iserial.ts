// The iSerialNumber string Apple devices report in DFU and Recovery (libirecovery,
// irecv_load_device_info_from_iboot_string; DOMAIN.md §4), e.g.
//   CPID:8960 CPRV:11 CPFM:03 SCEP:01 BDID:0A ECID:000007F4F1560230 IBFL:1C SRTG:[iBoot-1704.10]
// Windows shows it lower-cased with "_" between fields; some strings carry SRNM:[serial], IMEI:[…],
// PWND:[…] or nonces. Like libirecovery we look for each KEY: wherever it is, so separators and
// field order do not matter, and anything unrecognised is ignored rather than refused.
import { chipName } from './apple-chips';

export interface ISerialFields {
  readonly cpid: string | null;
  readonly cprv: string | null;
  readonly cpfm: string | null;
  readonly scep: string | null;
  readonly bdid: string | null;
  /** 16 upper-case hex digits. */
  readonly ecid: string | null;
  readonly ibfl: string | null;
  /** SRNM: the Mac's serial number (Recovery strings only). */
  readonly serialNumber: string | null;
  /** SRTG: the boot ROM / iBoot tag, e.g. "iBoot-1704.10". */
  readonly iboot: string | null;
  readonly chip: string | null;
}

const EMPTY: ISerialFields = {
  cpid: null,
  cprv: null,
  cpfm: null,
  scep: null,
  bdid: null,
  ecid: null,
  ibfl: null,
  serialNumber: null,
  iboot: null,
  chip: null,
};

const MAX_LENGTH = 1024;

export function parseISerial(text: string | null | undefined): ISerialFields {
  if (typeof text !== 'string' || text.length === 0) return EMPTY;
  const source = text.slice(0, MAX_LENGTH);
  const hex = (key: string, width: number): string | null => {
    const match = new RegExp(`(?:^|[^A-Za-z])${key}:([0-9A-Fa-f]{1,${width}})(?![0-9A-Fa-f])`, 'i').exec(source);
    return match ? (match[1] as string).toUpperCase() : null;
  };
  const bracket = (key: string): string | null => {
    const match = new RegExp(`(?:^|[^A-Za-z])${key}:\\[([^\\]]{0,128})\\]`, 'i').exec(source);
    const value = match?.[1]?.trim();
    return value ? value : null;
  };
  const cpid = padHex(hex('CPID', 8), 4);
  const ecidRaw = hex('ECID', 16);
  return {
    cpid,
    cprv: hex('CPRV', 8),
    cpfm: hex('CPFM', 8),
    scep: hex('SCEP', 8),
    bdid: hex('BDID', 8),
    ecid: ecidRaw === null || /^0+$/.test(ecidRaw) ? null : ecidRaw.padStart(16, '0'),
    ibfl: hex('IBFL', 8),
    serialNumber: normaliseSerial(bracket('SRNM')),
    iboot: normaliseIboot(bracket('SRTG')),
    chip: cpid === null ? null : chipName(cpid),
  };
}

function padHex(value: string | null, width: number): string | null {
  return value === null ? null : value.padStart(width, '0');
}

/** Serial numbers are upper-case letters and digits (Windows lower-cases the whole string). */
function normaliseSerial(value: string | null): string | null {
  if (value === null) return null;
  const serial = value.toUpperCase();
  return /^[A-Z0-9]{8,17}$/.test(serial) ? serial : null;
}

/** "iboot-1704.10" (Windows) → "iBoot-1704.10". */
function normaliseIboot(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/^iboot-/i, 'iBoot-');
}
