import { BenchError } from '../../shared/errors';
import type { FindingCollector } from './finding-collector';
import { formatPath, isRepresentableDate, MAX_PLIST_DEPTH, type PlistDict, type PlistValue } from './plist-value';

// A reader of Apple's binary property list format (bplist00): a header, objects, an offset table
// and a 32-byte trailer. The format is small and documented in CFBinaryPList.c, so it is read here
// rather than through a package: every offset and count comes from the file and is bounds-checked,
// an object that contains itself is refused, and a budget on values stops a file whose shared
// references would expand exponentially. Problems end in PROFILE_UNREADABLE; duplicated keys are
// findings, as in the XML reader.

const TRAILER_BYTES = 32;
const HEADER = [0x62, 0x70, 0x6c, 0x69, 0x73, 0x74, 0x30]; // "bplist0"
/** Far beyond any profile (hundreds of values); bounds the work a crafted DAG of references can cause. */
export const MAX_BINARY_PLIST_VALUES = 200_000;
/** Seconds between the Unix epoch and Apple's reference date (2001-01-01T00:00:00Z). */
const APPLE_EPOCH_SECONDS = 978_307_200;

class BinaryPlistError extends Error {}

export function isBinaryPlist(bytes: Uint8Array): boolean {
  return HEADER.every((b, i) => bytes[i] === b);
}

export function readBinaryPlist(bytes: Uint8Array, findings: FindingCollector): PlistValue {
  try {
    return new BinaryPlistReader(bytes, findings).root();
  } catch (error) {
    if (error instanceof BinaryPlistError) throw new BenchError('PROFILE_UNREADABLE', `binary property list: ${error.message}`);
    throw error;
  }
}

class BinaryPlistReader {
  private readonly view: DataView;
  private readonly offsetSize: number;
  private readonly refSize: number;
  private readonly count: number;
  private readonly top: number;
  private readonly table: number;
  private readonly visiting = new Set<number>();
  private values = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly findings: FindingCollector,
  ) {
    if (bytes.length < HEADER.length + 1 + TRAILER_BYTES) fail('the file is too short');
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const trailer = bytes.length - TRAILER_BYTES;
    this.offsetSize = this.view.getUint8(trailer + 6);
    this.refSize = this.view.getUint8(trailer + 7);
    this.count = this.uint(trailer + 8, 8);
    this.top = this.uint(trailer + 16, 8);
    this.table = this.uint(trailer + 24, 8);
    if (this.offsetSize < 1 || this.offsetSize > 8 || this.refSize < 1 || this.refSize > 8) fail('the trailer is damaged');
    if (this.count < 1 || this.top >= this.count) fail('the trailer is damaged');
    if (this.table < 8 || this.table + this.count * this.offsetSize > trailer) fail('the offset table lies outside the file');
  }

  root(): PlistValue {
    return this.read(this.top, 1, []);
  }

  private read(ref: number, depth: number, path: readonly (string | number)[]): PlistValue {
    if (depth > MAX_PLIST_DEPTH) fail(`values are nested more than ${MAX_PLIST_DEPTH} levels deep`);
    if (++this.values > MAX_BINARY_PLIST_VALUES) fail(`more than ${MAX_BINARY_PLIST_VALUES} values`);
    if (ref >= this.count) fail('a reference points outside the object table');
    const offset = this.uint(this.table + ref * this.offsetSize, this.offsetSize);
    if (offset < 8 || offset >= this.table) fail('an object offset lies outside the object area');
    const marker = this.byte(offset);
    const info = marker & 0x0f;
    switch (marker >> 4) {
      case 0x0:
        if (info === 0x8) return false;
        if (info === 0x9) return true;
        if (info === 0x0 || info === 0xf) return null;
        return fail('an unknown simple value');
      case 0x1:
        return this.integer(offset + 1, info);
      case 0x2:
        if (info === 2) return this.within(offset + 1, 4) && this.view.getFloat32(offset + 1);
        if (info === 3) return this.within(offset + 1, 8) && this.view.getFloat64(offset + 1);
        return fail('a real number of unknown size');
      case 0x3:
        if (info !== 3) fail('a date of unknown size');
        this.within(offset + 1, 8);
        return this.date(offset + 1, path);
      case 0x4: {
        const { length, start } = this.sized(offset, info, 1);
        return this.bytes.slice(start, start + length);
      }
      case 0x5: {
        const { length, start } = this.sized(offset, info, 1);
        return new TextDecoder('latin1').decode(this.bytes.subarray(start, start + length));
      }
      case 0x6: {
        const { length, start } = this.sized(offset, info, 2);
        return new TextDecoder('utf-16be').decode(this.bytes.subarray(start, start + length * 2));
      }
      case 0x7: {
        const { length, start } = this.sized(offset, info, 1);
        return new TextDecoder('utf-8').decode(this.bytes.subarray(start, start + length));
      }
      case 0x8:
        return this.uint(offset + 1, info + 1);
      case 0xa:
      case 0xc:
        return this.container(ref, () => {
          const { length, start } = this.sized(offset, info, this.refSize);
          const items: PlistValue[] = [];
          for (let i = 0; i < length; i++) items.push(this.read(this.uint(start + i * this.refSize, this.refSize), depth + 1, [...path, i]));
          return items;
        });
      case 0xd:
        return this.container(ref, () => this.dict(offset, info, depth, path));
      default:
        return fail('an unknown object type');
    }
  }

  private dict(offset: number, info: number, depth: number, path: readonly (string | number)[]): PlistDict {
    const { length, start } = this.sized(offset, info, this.refSize * 2);
    const dict: PlistDict = new Map();
    for (let i = 0; i < length; i++) {
      const key = this.read(this.uint(start + i * this.refSize, this.refSize), depth + 1, path);
      if (typeof key !== 'string') fail('a dictionary key is not a string');
      const valueRef = this.uint(start + (length + i) * this.refSize, this.refSize);
      const value = this.read(valueRef, depth + 1, [...path, key]);
      if (dict.has(key)) {
        this.findings.add(
          'PROFILE_DUPLICATE_KEY',
          `Key "${key.slice(0, 60)}" appears more than once in ${formatPath(path)}; the bench reads the last one, other tools may read another.`,
        );
      }
      dict.set(key, value);
    }
    return dict;
  }

  private date(at: number, path: readonly (string | number)[]): Date {
    const date = new Date((this.view.getFloat64(at) + APPLE_EPOCH_SECONDS) * 1000);
    if (isRepresentableDate(date)) return date;
    this.findings.add('PROFILE_DATE_INVALID', `The date at ${formatPath(path)} is out of range; it was ignored.`);
    return new Date(NaN);
  }

  /** Refuse a container that (directly or not) contains itself. */
  private container<T>(ref: number, body: () => T): T {
    if (this.visiting.has(ref)) fail('a value contains itself');
    this.visiting.add(ref);
    try {
      return body();
    } finally {
      this.visiting.delete(ref);
    }
  }

  private integer(at: number, info: number): number {
    if (info > 4) fail('an integer of unknown size');
    const size = 1 << info;
    this.within(at, size);
    if (size <= 4) return this.uint(at, size);
    // 8 bytes are signed; 16-byte integers carry an unsigned 64-bit value in their low half.
    const big = size === 8 ? this.view.getBigInt64(at) : this.view.getBigUint64(at + 8);
    return Number(big);
  }

  /** Length of a data/string/array/dict object and where its content starts. */
  private sized(offset: number, info: number, unit: number): { length: number; start: number } {
    let length = info;
    let start = offset + 1;
    if (info === 0xf) {
      const marker = this.byte(offset + 1);
      if (marker >> 4 !== 0x1 || (marker & 0x0f) > 3) fail('a length is damaged');
      const size = 1 << (marker & 0x0f);
      length = this.uint(offset + 2, size);
      start = offset + 2 + size;
    }
    if (start + length * unit > this.table) fail('an object runs past the object area');
    return { length, start };
  }

  private uint(at: number, size: number): number {
    this.within(at, size);
    let value = 0;
    for (let i = 0; i < size; i++) {
      value = value * 256 + this.view.getUint8(at + i);
      if (value > Number.MAX_SAFE_INTEGER) fail('a number in the file is too large');
    }
    return value;
  }

  private byte(at: number): number {
    this.within(at, 1);
    return this.view.getUint8(at);
  }

  private within(at: number, size: number): true {
    if (at < 0 || at + size > this.bytes.length) fail('the file is cut short');
    return true;
  }
}

function fail(message: string): never {
  throw new BinaryPlistError(message);
}
