import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../src/shared/models/job';
import { normaliseSerial, serialWanted } from '../../../src/shared/rules/serial-number';

describe('serial numbers as typed or scanned', () => {
  it.each([
    ['C02XK1ABJG5H', 'C02XK1ABJG5H'],
    ['c02xk1abjg5h', 'C02XK1ABJG5H'],
    ['  C02X K1AB-JG5H ', 'C02XK1ABJG5H'],
    ['K7GD2QXY9V', 'K7GD2QXY9V'],
    ['SC02XK1ABJG5H', 'C02XK1ABJG5H'],
    ['SK7GD2QXY9V', 'K7GD2QXY9V'],
  ])('%j is the serial %j', (input, serial) => {
    expect(normaliseSerial(input)).toEqual({ ok: true, serial });
  });

  it.each([
    ['', 'empty'],
    ['C02XK1ABJG5', '11 characters; a Mac serial has 10 or 12'],
    ['C02.K1ABJG5H', 'only letters and digits are allowed'],
    ['C02XK1ABJG5HXX', '14 characters; a Mac serial has 10 or 12'],
  ])('%j is refused: %s', (input, reason) => {
    expect(normaliseSerial(input)).toEqual({ ok: false, code: 'SERIAL_INVALID', reason });
  });
});

describe('whose serial is worth asking for', () => {
  const mac = (jobState: JobState | null, canReceive: boolean | null = true) => ({ kind: 'mac-volume' as const, jobState, canReceive });

  it.each<JobState>(['queued', 'staging', 'verifying', 'staged', 'awaiting-approval', 'enrolled'])('a Mac whose job is %s: on the corporate identifier list, asked', (state) => {
    expect(serialWanted(mac(state, false))).toBe(true);
  });

  it('a Mac ready to stage is asked; one that cannot receive the profile is not', () => {
    expect(serialWanted(mac(null, true))).toBe(true);
    expect(serialWanted(mac(null, false))).toBe(false);
    // Unplugged without a job: nothing will put it on the list.
    expect(serialWanted(mac(null, null))).toBe(false);
  });

  it.each<JobState>(['failed', 'blocked'])('a Mac whose staging is %s is not asked (a supervisor is)', (state) => {
    expect(serialWanted(mac(state, true))).toBe(false);
  });

  it.each<JobState>(['cancelled', 'interrupted'])('a %s Mac is asked only if it can be staged again', (state) => {
    expect(serialWanted(mac(state, true))).toBe(true);
    expect(serialWanted(mac(state, false))).toBe(false);
  });

  it('a carrier drive or a Mac in DFU is never asked', () => {
    expect(serialWanted({ kind: 'carrier', jobState: 'staged', canReceive: true })).toBe(false);
    expect(serialWanted({ kind: 'usb-device', jobState: null, canReceive: false })).toBe(false);
  });
});
