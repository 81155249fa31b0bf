import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchEvent, CallName } from '../../../src/shared/contract';
import { calls } from '../../../src/shared/contract';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import type { CallContext } from '../../../src/shared/contract';
import type { ScryptParams } from '../../../src/main/kiosk/pin-hash';
import { manualClock, type ManualClock } from '../../support/manual-clock';
import { tempDir } from '../../support/temp';

const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
const PIN = '482913';
const MINUTE = 60_000;
const web: CallContext = { door: 'web-host' };
const electron: CallContext = { door: 'electron' };
const cli: CallContext = { door: 'cli' };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const dir = tempDir('eb-kiosk-');
  cleanups.push(() => dir.cleanup());
  return path.join(dir.path, 'data');
}

async function open(dir: string, clock: ManualClock, extra: { kiosk?: boolean } = {}): Promise<Bench & { events: BenchEvent[] }> {
  const bench = await createBench({ dataDir: dir, door: 'web-host', clock, kioskWatchMs: null, pinScrypt: FAST, ...extra });
  const events: BenchEvent[] = [];
  bench.subscribe((e) => events.push(e));
  cleanups.push(() => bench.close());
  return Object.assign(bench, { events });
}

const errorCode = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

function journal(dir: string): Array<{ kind: string; from_state: string | null; to_state: string | null; code: string | null; message: string | null }> {
  const db = new Database(path.join(dir, 'journal.sqlite3'), { readonly: true });
  try {
    return db.prepare("SELECT kind, from_state, to_state, code, message FROM events WHERE kind LIKE 'kiosk-%' ORDER BY seq").all() as never;
  } finally {
    db.close();
  }
}

/** A station with a PIN, in kiosk mode and locked. */
async function lockedStation(clock = manualClock()) {
  const dir = dataDir();
  const bench = await open(dir, clock);
  await bench.call('setKioskPin', { newPin: PIN }, web);
  const entered = await bench.call('enterKiosk', {}, web);
  expect(entered).toMatchObject({ ok: true, value: { enabled: true, locked: true } });
  return { dir, bench, clock };
}

const ADMIN_CALLS = (Object.keys(calls) as CallName[]).filter((name) => calls[name].access === 'admin');
const OPEN_CALLS = (Object.keys(calls) as CallName[]).filter((name) => calls[name].access === 'open');

describe('kiosk mode in the core', () => {
  it('cannot be entered before an admin PIN is set', async () => {
    const dir = dataDir();
    const bench = await open(dir, manualClock());
    expect(await bench.call('getKioskState', {}, web)).toMatchObject({ ok: true, value: { enabled: false, locked: false, pinSet: false } });
    expect(errorCode(await bench.call('enterKiosk', {}, web))).toBe('KIOSK_PIN_NOT_SET');
    expect(await bench.invoke('getKioskState', {})).toMatchObject({ enabled: false });
  });

  it('refuses every admin call while locked, whatever its parameters, and lets every open call through', async () => {
    const { bench } = await lockedStation();
    expect(ADMIN_CALLS.length).toBeGreaterThan(0);
    for (const door of [web, electron]) {
      for (const name of ADMIN_CALLS) {
        for (const params of [{}, { newPin: '1234' }, 'nonsense', null]) {
          expect(errorCode(await bench.call(name, params, door)), `${name} from ${door.door}`).toBe('KIOSK_LOCKED');
        }
      }
    }
    expect(errorCode(await bench.call('getStatus', {}, web))).toBe('ok');
    expect(errorCode(await bench.call('getKioskState', {}, web))).toBe('ok');
    expect(OPEN_CALLS).toEqual(expect.arrayContaining(['getStatus', 'getKioskState', 'unlockKiosk', 'lockKiosk', 'leaveKiosk']));
  });

  it('does not lock the CLI, which runs as the machine’s own user', async () => {
    const { bench } = await lockedStation();
    expect(await bench.call('setKioskPin', { currentPin: PIN, newPin: '135790' }, cli)).toMatchObject({ ok: true });
  });

  it('refuses a wrong PIN and journals it; the right PIN unlocks admin calls', async () => {
    const { bench, dir } = await lockedStation();
    const wrong = await bench.call('unlockKiosk', { pin: '000000' }, web);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'KIOSK_PIN_WRONG', message: 'That PIN is not correct.' } });
    expect(await bench.invoke('getKioskState', {})).toMatchObject({ locked: true, failures: 1 });

    const right = await bench.call('unlockKiosk', { pin: PIN }, web);
    expect(right).toMatchObject({ ok: true, value: { enabled: true, locked: false, failures: 0 } });
    expect(errorCode(await bench.call('setKioskPin', { currentPin: PIN, newPin: '135790' }, web))).toBe('ok');

    expect(journal(dir).filter((e) => e.kind === 'kiosk-pin-attempt')).toEqual([
      expect.objectContaining({ to_state: 'refused', code: 'KIOSK_PIN_WRONG', message: 'unlock from web-host: wrong PIN, 1 in a row' }),
      expect.objectContaining({ to_state: 'accepted', code: null, message: 'unlock from web-host: right PIN' }),
      expect.objectContaining({ to_state: 'accepted', message: 'change-pin from web-host: right PIN' }),
    ]);
    expect(journal(dir).filter((e) => e.kind === 'kiosk-state').map((e) => [e.from_state, e.to_state])).toEqual([
      ['off', 'locked'],
      ['locked', 'unlocked'],
    ]);
  });

  it('pushes kioskChanged to every screen when the lock or the back-off changes', async () => {
    const { bench } = await lockedStation();
    const kioskEvents = () => bench.events.filter((e) => e.name === 'kioskChanged').map((e) => e.payload as { locked: boolean; failures: number });
    bench.events.length = 0;
    await bench.call('unlockKiosk', { pin: '000000' }, web);
    await bench.call('unlockKiosk', { pin: PIN }, web);
    await bench.call('lockKiosk', {}, web);
    expect(kioskEvents().map((s) => [s.locked, s.failures])).toEqual([
      [true, 1],
      [false, 0],
      [true, 0],
    ]);
  });

  it('locks itself again after 5 minutes without admin activity; admin calls keep it open', async () => {
    const { bench, clock, dir } = await lockedStation();
    const unlocked = await bench.invoke('unlockKiosk', { pin: PIN });
    expect(unlocked.unlockedUntil).toBe(new Date(clock.now() + 5 * MINUTE).toISOString());
    expect(unlocked.idleLockSeconds).toBe(300);

    clock.advance(4 * MINUTE);
    expect(errorCode(await bench.call('setKioskPin', { currentPin: PIN, newPin: PIN }, web))).toBe('ok');
    clock.advance(4 * MINUTE);
    // Open calls (the station polling its state) do not keep the admin window open…
    expect(await bench.invoke('getKioskState', {})).toMatchObject({ locked: false });
    clock.advance(1 * MINUTE);
    expect(await bench.invoke('getKioskState', {})).toMatchObject({ locked: true, unlockedUntil: null });
    expect(errorCode(await bench.call('enterKiosk', {}, web))).toBe('KIOSK_LOCKED');
    expect(journal(dir).at(-1)).toMatchObject({ kind: 'kiosk-state', from_state: 'unlocked', to_state: 'locked', message: 'no admin activity for 300 s' });
  });

  it('leaves kiosk mode only with the right PIN, and stays out after a restart', async () => {
    const { bench, dir, clock } = await lockedStation();
    expect(errorCode(await bench.call('leaveKiosk', { pin: '999999' }, web))).toBe('KIOSK_PIN_WRONG');
    expect(await bench.invoke('getKioskState', {})).toMatchObject({ enabled: true, locked: true });
    expect(await bench.call('leaveKiosk', { pin: PIN }, web)).toMatchObject({ ok: true, value: { enabled: false, locked: false } });
    expect(errorCode(await bench.call('enterKiosk', {}, web))).toBe('ok');
    expect(errorCode(await bench.call('leaveKiosk', { pin: PIN }, web))).toBe('ok');
    await bench.close();

    const again = await open(dir, clock);
    expect(await again.invoke('getKioskState', {})).toMatchObject({ enabled: false, locked: false, pinSet: true });
  });

  it('stays in kiosk mode across a restart, and starts locked even if it was unlocked', async () => {
    const { bench, dir, clock } = await lockedStation();
    await bench.invoke('unlockKiosk', { pin: PIN });
    await bench.close();
    const again = await open(dir, clock);
    expect(await again.invoke('getKioskState', {})).toMatchObject({ enabled: true, locked: true });
    expect(errorCode(await again.call('setKioskPin', { currentPin: PIN, newPin: '1357' }, electron))).toBe('KIOSK_LOCKED');
  });

  it('keeps the wrong-PIN back-off across a restart', async () => {
    const { bench, dir, clock } = await lockedStation();
    for (let i = 0; i < 5; i++) await bench.call('unlockKiosk', { pin: '111111' }, web);
    await bench.close();
    clock.advance(10_000);
    const again = await open(dir, clock);
    const state = await again.invoke('getKioskState', {});
    expect(state.failures).toBe(5);
    expect(state.backoffUntil).toBe(new Date(clock.now() + 20_000).toISOString());
    expect(errorCode(await again.call('unlockKiosk', { pin: PIN }, web))).toBe('KIOSK_PIN_BACKOFF');
  });

  it('asks for the current PIN to change it, except from the CLI (the forgotten-PIN reset)', async () => {
    const dir = dataDir();
    const bench = await open(dir, manualClock());
    await bench.call('setKioskPin', { newPin: PIN }, web);
    expect(errorCode(await bench.call('setKioskPin', { newPin: '1357' }, web))).toBe('KIOSK_PIN_CURRENT_REQUIRED');
    expect(errorCode(await bench.call('setKioskPin', { newPin: '12' }, web))).toBe('KIOSK_PIN_CURRENT_REQUIRED');
    expect(errorCode(await bench.call('setKioskPin', { currentPin: PIN, newPin: 'abcd' }, web))).toBe('KIOSK_PIN_INVALID');
    expect(errorCode(await bench.call('setKioskPin', { newPin: '1357' }, cli))).toBe('ok');
    expect(journal(dir).filter((e) => e.kind === 'kiosk-pin-set').map((e) => e.message)).toEqual([
      'admin PIN set from web-host',
      'admin PIN reset from cli',
    ]);
  });

  it('starts in kiosk mode with the kiosk option, and persists it, but only with a PIN set', async () => {
    const dir = dataDir();
    const clock = manualClock();
    await expect(createBench({ dataDir: dir, door: 'electron', clock, kioskWatchMs: null, kiosk: true })).rejects.toMatchObject({
      code: 'KIOSK_PIN_NOT_SET',
    });
    const setup = await open(dir, clock);
    await setup.invoke('setKioskPin', { newPin: PIN });
    await setup.close();

    const started = await open(dir, clock, { kiosk: true });
    expect(await started.invoke('getKioskState', {})).toMatchObject({ enabled: true, locked: true });
    await started.close();
    const restarted = await open(dir, clock);
    expect(await restarted.invoke('getKioskState', {})).toMatchObject({ enabled: true, locked: true });
    expect(journal(dir).find((e) => e.kind === 'kiosk-state')).toMatchObject({ message: 'started with --kiosk from web-host' });
  });

  it('notices kiosk mode being entered by another process on the same data folder', async () => {
    const dir = dataDir();
    const clock = manualClock();
    const station = await open(dir, clock);
    await station.invoke('setKioskPin', { newPin: PIN });
    const cliBench = await createBench({ dataDir: dir, door: 'cli', clock, kioskWatchMs: null, pinScrypt: FAST });
    await cliBench.invoke('enterKiosk', {});
    await cliBench.close();
    expect(errorCode(await station.call('setKioskPin', { currentPin: PIN, newPin: '1357' }, web))).toBe('KIOSK_LOCKED');
    expect(station.events.at(-1)).toMatchObject({ name: 'kioskChanged', payload: { enabled: true, locked: true } });
  });

  it('never writes a PIN to the journal, the log or an answer', async () => {
    const { bench, dir } = await lockedStation();
    const answers = [
      await bench.call('unlockKiosk', { pin: '700007' }, web),
      await bench.call('unlockKiosk', { pin: 700008 }, web),
      await bench.call('unlockKiosk', { pin: '7'.repeat(80) }, web),
      await bench.call('unlockKiosk', { pin: PIN }, web),
      await bench.call('setKioskPin', { currentPin: PIN, newPin: '70x009' }, web),
      await bench.call('setKioskPin', { currentPin: PIN, newPin: '700010' }, web),
      await bench.call('leaveKiosk', { pin: '700010' }, web),
    ];
    await bench.close();
    // Every byte the bench left in its data folder (journal, WAL, log), plus what it answered and pushed.
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
    expect(files).toEqual(expect.arrayContaining([path.join(dir, 'journal.sqlite3'), path.join(dir, 'logs', 'bench.log')]));
    const everything = [
      JSON.stringify(answers),
      JSON.stringify(bench.events),
      JSON.stringify(journal(dir)),
      ...files.map((f) => fs.readFileSync(f).toString('latin1')),
    ].join('\n');
    expect(everything).toContain('KIOSK_PIN_WRONG');
    for (const pin of [PIN, '700007', '700008', '7777777', '70x009', '700010']) expect(everything).not.toContain(pin);
  });
});
