import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournalDatabase, type JournalDatabase } from '../../../src/main/journal/database';
import { createEventAppender } from '../../../src/main/journal/journal-events';
import { createAdminPin, type AdminPin } from '../../../src/main/kiosk/admin-pin';
import type { ScryptParams } from '../../../src/main/kiosk/pin-hash';
import { manualClock, type ManualClock } from '../../support/manual-clock';
import { tempDir } from '../../support/temp';

const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
const PIN = '482913';
const web = { door: 'web-host' } as const;
const SECOND = 1000;

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

/** A real journal file, and the PIN store over it, reopenable like a restarted app. */
function station(clock: ManualClock = manualClock()) {
  const dir = tempDir('eb-pin-');
  let journal: JournalDatabase | null = null;
  const open = (): AdminPin => {
    journal = openJournalDatabase({ dataDir: dir.path, Database });
    return createAdminPin({ db: journal.db, clock, append: createEventAppender(journal.db, clock), scrypt: FAST });
  };
  const close = () => {
    journal?.close();
    journal = null;
  };
  cleanups.push(() => {
    close();
    dir.cleanup();
  });
  const events = () => {
    const db = new Database(path.join(dir.path, 'journal.sqlite3'), { readonly: true });
    try {
      return db.prepare('SELECT kind, from_state, to_state, code, message FROM events ORDER BY seq').all() as Array<Record<string, string | null>>;
    } finally {
      db.close();
    }
  };
  return { open, close, clock, events, dir: dir.path };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('the admin PIN on a real journal file', () => {
  it('says no PIN is set, and refuses (and journals) an attempt before one is', async () => {
    const s = station();
    const pin = s.open();
    expect(pin.status()).toEqual({ pinSet: false, failures: 0, backoffUntil: null });
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('KIOSK_PIN_NOT_SET');
    expect(s.events()).toEqual([expect.objectContaining({ kind: 'kiosk-pin-attempt', to_state: 'refused', code: 'KIOSK_PIN_NOT_SET' })]);
  });

  it('stores only a salted scrypt hash, its parameters and salt', async () => {
    const s = station();
    const pin = s.open();
    await pin.set(PIN, 'set', { door: 'cli' });
    s.close();
    const db = new Database(path.join(s.dir, 'journal.sqlite3'), { readonly: true });
    const row = db.prepare('SELECT * FROM kiosk_pin').get() as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({ id: 1, algorithm: 'scrypt', failures: 0, last_failure_at: null });
    expect(JSON.parse(row.params_json as string)).toEqual(FAST);
    expect((row.salt as Buffer).length).toBeGreaterThanOrEqual(16);
    expect((row.hash as Buffer).length).toBe(32);
    expect(JSON.stringify(row)).not.toContain(PIN);
    expect(s.events()).toEqual([expect.objectContaining({ kind: 'kiosk-pin-set', to_state: 'set', message: 'admin PIN set from cli' })]);
  });

  it('accepts the right PIN, refuses a wrong one, and journals both without the PIN', async () => {
    const s = station();
    const pin = s.open();
    await pin.set(PIN, 'set', web);
    expect(await codeOf(pin.verify('000000', 'unlock', web))).toBe('KIOSK_PIN_WRONG');
    expect(pin.status()).toMatchObject({ pinSet: true, failures: 1, backoffUntil: null });
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('accepted');
    expect(pin.status()).toMatchObject({ failures: 0 });
    const attempts = s.events().filter((e) => e.kind === 'kiosk-pin-attempt');
    expect(attempts).toEqual([
      expect.objectContaining({ to_state: 'refused', code: 'KIOSK_PIN_WRONG', message: 'unlock from web-host: wrong PIN, 1 in a row' }),
      expect.objectContaining({ to_state: 'accepted', code: null, message: 'unlock from web-host: right PIN' }),
    ]);
    expect(JSON.stringify(s.events())).not.toMatch(/482913|000000/);
  });

  it('after five wrong PINs, refuses even the right one until 30 s have passed, then doubles the wait', async () => {
    const s = station();
    const pin = s.open();
    await pin.set(PIN, 'set', web);
    for (let i = 0; i < 5; i++) expect(await codeOf(pin.verify('111111', 'unlock', web))).toBe('KIOSK_PIN_WRONG');
    const fifth = s.clock.now();
    expect(pin.status()).toEqual({ pinSet: true, failures: 5, backoffUntil: fifth + 30 * SECOND });

    s.clock.advance(29 * SECOND);
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('KIOSK_PIN_BACKOFF');
    // A refused attempt is journalled but neither counted nor allowed to extend the wait.
    expect(pin.status()).toEqual({ pinSet: true, failures: 5, backoffUntil: fifth + 30 * SECOND });

    s.clock.advance(1 * SECOND);
    expect(await codeOf(pin.verify('222222', 'unlock', web))).toBe('KIOSK_PIN_WRONG');
    const sixth = s.clock.now();
    expect(pin.status().backoffUntil).toBe(sixth + 60 * SECOND);
    s.clock.advance(59 * SECOND);
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('KIOSK_PIN_BACKOFF');
    s.clock.advance(1 * SECOND);
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('accepted');
    expect(pin.status()).toEqual({ pinSet: true, failures: 0, backoffUntil: null });

    const codes = s.events().filter((e) => e.kind === 'kiosk-pin-attempt').map((e) => e.code);
    expect(codes).toEqual([...Array(5).fill('KIOSK_PIN_WRONG'), 'KIOSK_PIN_BACKOFF', 'KIOSK_PIN_WRONG', 'KIOSK_PIN_BACKOFF', null]);
  });

  it('keeps the back-off across a restart (reopening the database)', async () => {
    const s = station();
    let pin = s.open();
    await pin.set(PIN, 'set', web);
    for (let i = 0; i < 5; i++) await codeOf(pin.verify('111111', 'unlock', web));
    s.clock.advance(30 * SECOND);
    expect(await codeOf(pin.verify('111111', 'unlock', web))).toBe('KIOSK_PIN_WRONG');
    const sixth = s.clock.now();
    s.close();

    s.clock.advance(10 * SECOND);
    pin = s.open();
    expect(pin.status()).toEqual({ pinSet: true, failures: 6, backoffUntil: sixth + 60 * SECOND });
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('KIOSK_PIN_BACKOFF');
    s.clock.advance(50 * SECOND);
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('accepted');
  });

  it('cannot be bypassed by sending many attempts at once', async () => {
    const s = station();
    const pin = s.open();
    await pin.set(PIN, 'set', web);
    const results = await Promise.all(Array.from({ length: 12 }, () => codeOf(pin.verify('111111', 'unlock', web))));
    expect(results.filter((c) => c === 'KIOSK_PIN_WRONG')).toHaveLength(5);
    expect(results.filter((c) => c === 'KIOSK_PIN_BACKOFF')).toHaveLength(7);
    expect(pin.status().failures).toBe(5);
  });

  it('changes the PIN only with the current one, which counts as an attempt', async () => {
    const s = station();
    const pin = s.open();
    await pin.set(PIN, 'set', web);
    expect(await codeOf(pin.change('999999', '135790', web))).toBe('KIOSK_PIN_WRONG');
    expect(pin.status().failures).toBe(1);
    // A new PIN outside the policy is refused before the current one is tried: no attempt spent.
    expect(await codeOf(pin.change(PIN, '12', web))).toBe('KIOSK_PIN_INVALID');
    expect(pin.status().failures).toBe(1);
    expect(await codeOf(pin.change(PIN, '135790', web))).toBe('accepted');
    expect(await codeOf(pin.verify(PIN, 'unlock', web))).toBe('KIOSK_PIN_WRONG');
    expect(await codeOf(pin.verify('135790', 'unlock', web))).toBe('accepted');
    expect(s.events().filter((e) => e.kind === 'kiosk-pin-set').map((e) => e.to_state)).toEqual(['set', 'changed']);
  });

  it('clears the back-off when the machine admin resets the PIN', async () => {
    const s = station();
    const pin = s.open();
    await pin.set(PIN, 'set', web);
    for (let i = 0; i < 5; i++) await codeOf(pin.verify('111111', 'unlock', web));
    expect(pin.status().backoffUntil).not.toBeNull();
    await pin.set('246810', 'reset', { door: 'cli' });
    expect(pin.status()).toEqual({ pinSet: true, failures: 0, backoffUntil: null });
    expect(await codeOf(pin.verify('246810', 'leave', web))).toBe('accepted');
  });
});
