import crypto from 'node:crypto';
import { z } from 'zod';
import { BenchError } from '../../shared/errors';
import { PIN_POLICY } from '../../shared/models/kiosk';

// Hashing and checking the admin PIN. The PIN is a short secret, so it is stretched with scrypt
// (memory-hard: slows an offline guess on a copied database) under a random per-PIN salt, and
// compared in constant time. The parameters are stored with each hash, so raising them later
// leaves existing PINs working.

export const ScryptParams = z
  .object({
    N: z.number().int().min(2 ** 10).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.number().int().min(32).max(64),
  })
  .strict();
export type ScryptParams = Readonly<z.infer<typeof ScryptParams>>;

/** OWASP's password-storage minimum for scrypt: N=2^17, r=8, p=1 (128 MiB, a few hundred ms). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 };

export const SALT_BYTES = 16;

export interface PinHash {
  readonly hash: Buffer;
  readonly salt: Buffer;
  readonly params: ScryptParams;
}

/** Refuse a new PIN outside the policy. The error never repeats what was typed. */
export function checkPinPolicy(pin: string): void {
  if (!PIN_POLICY.test(pin)) throw new BenchError('KIOSK_PIN_INVALID');
}

function derive(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      pin,
      salt,
      params.keyLength,
      // maxmem: scrypt needs 128·N·r bytes; leave headroom so the largest allowed N still runs.
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPin(
  pin: string,
  params: ScryptParams = DEFAULT_SCRYPT,
  randomBytes: (size: number) => Buffer = crypto.randomBytes,
): Promise<PinHash> {
  checkPinPolicy(pin);
  const salt = randomBytes(SALT_BYTES);
  return { hash: await derive(pin, salt, params), salt, params };
}

/**
 * Does `pin` match the stored hash? Always runs one full scrypt and one constant-time compare,
 * whatever was typed (empty, too long, letters), so the time taken says nothing about the PIN.
 */
export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const candidate = await derive(pin, stored.salt, { ...stored.params, keyLength: stored.hash.length });
  // Lengths are equal by construction (keyLength is taken from the stored hash); timingSafeEqual
  // would throw otherwise rather than leak anything.
  return crypto.timingSafeEqual(candidate, stored.hash);
}

export function serialiseParams(params: ScryptParams): string {
  return JSON.stringify(ScryptParams.parse(params));
}

/** Parse stored parameters; refuses absurd values so a tampered row cannot make us allocate gigabytes. */
export function parseParams(json: string): ScryptParams {
  const parsed = ScryptParams.safeParse(JSON.parse(json));
  if (!parsed.success) throw new BenchError('JOURNAL_CORRUPT', 'kiosk_pin.params_json is not a valid scrypt parameter set');
  return parsed.data;
}
