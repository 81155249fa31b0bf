import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkPinPolicy,
  DEFAULT_SCRYPT,
  hashPin,
  parseParams,
  pinMatches,
  SALT_BYTES,
  serialiseParams,
  type ScryptParams,
} from '../../../src/main/kiosk/pin-hash';

// Small but real scrypt parameters keep these tests quick; one test uses the defaults.
const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

afterEach(() => vi.restoreAllMocks());

describe('the admin PIN policy', () => {
  it('accepts 4 to 12 digits', () => {
    for (const pin of ['0000', '1234', '987654', '123456789012']) expect(() => checkPinPolicy(pin)).not.toThrow();
  });

  it('refuses anything else with KIOSK_PIN_INVALID and never repeats the input', () => {
    for (const pin of ['', '123', '1234567890123', 'abcd', '12 34', '１２３４', '1234\n', '-1234']) {
      let error: unknown;
      try {
        checkPinPolicy(pin);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'KIOSK_PIN_INVALID' });
      if (pin.trim()) expect(JSON.stringify(error) + String(error)).not.toContain(pin.trim());
    }
  });
});

describe('hashing the admin PIN with scrypt', () => {
  it('stores a salted hash and its parameters, never the PIN', async () => {
    const stored = await hashPin('482913', FAST);
    expect(stored.salt).toHaveLength(SALT_BYTES);
    expect(stored.hash).toHaveLength(32);
    expect(stored.params).toEqual(FAST);
    expect(stored.hash.toString('latin1')).not.toContain('482913');
    expect(stored.hash.toString('hex')).not.toContain(Buffer.from('482913').toString('hex'));
  });

  it('gives the same PIN a different salt and hash every time', async () => {
    const a = await hashPin('482913', FAST);
    const b = await hashPin('482913', FAST);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.hash.equals(b.hash)).toBe(false);
  });

  it('accepts the right PIN and refuses wrong, shorter, longer and non-digit ones', async () => {
    const stored = await hashPin('482913', FAST);
    expect(await pinMatches('482913', stored)).toBe(true);
    for (const wrong of ['482914', '48291', '4829130', '', 'abcdef', ' 482913']) {
      expect(await pinMatches(wrong, stored)).toBe(false);
    }
  });

  it('compares in constant time, for right and wrong PINs alike', async () => {
    const stored = await hashPin('482913', FAST);
    const compare = vi.spyOn(crypto, 'timingSafeEqual');
    await pinMatches('482913', stored);
    await pinMatches('1', stored);
    await pinMatches('x'.repeat(64), stored);
    expect(compare).toHaveBeenCalledTimes(3);
    // Every compare is between two buffers of the stored hash's length: the input's length never shows.
    for (const [a, b] of compare.mock.calls) {
      expect((a as Buffer).length).toBe(stored.hash.length);
      expect((b as Buffer).length).toBe(stored.hash.length);
    }
  });

  it('checks a PIN with the parameters stored with it, not the current defaults', async () => {
    const stored = await hashPin('482913', { ...FAST, N: 2 ** 11 });
    const reread = { ...stored, params: parseParams(serialiseParams(stored.params)) };
    expect(reread.params.N).toBe(2 ** 11);
    expect(await pinMatches('482913', reread)).toBe(true);
    expect(await pinMatches('482913', { ...stored, params: FAST })).toBe(false);
  });

  it('uses OWASP-strength parameters by default', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1, keyLength: 32 });
    const stored = await hashPin('2468', DEFAULT_SCRYPT);
    expect(await pinMatches('2468', stored)).toBe(true);
  });

  it('refuses to hash a PIN outside the policy', async () => {
    await expect(hashPin('12', FAST)).rejects.toMatchObject({ code: 'KIOSK_PIN_INVALID' });
  });

  it('refuses stored parameters that are absurd or tampered with', () => {
    for (const json of ['{"N":1073741824,"r":8,"p":1,"keyLength":32}', '{"N":1000,"r":8,"p":1,"keyLength":32}', '{"N":1024,"r":8,"p":1}', '{"N":1024,"r":8,"p":1,"keyLength":32,"x":1}']) {
      expect(() => parseParams(json)).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT' }));
    }
  });
});
