import { describe, expect, it } from 'vitest';
import { normaliseSerial } from '../../../src/shared/rules/serial-number';

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
