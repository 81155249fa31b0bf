import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../../src/shared/contract';
import { dispatch, type CallHandlers } from '../../../src/main/core/dispatch';
import { BenchError } from '../../../src/shared/errors';

describe('who may make which call', () => {
  it('leaves open exactly the calls a locked station needs; everything else is admin', () => {
    // A new call must be placed here deliberately: an unlisted open call fails this test.
    const open = (Object.keys(calls) as CallName[]).filter((name) => calls[name].access === 'open').sort();
    expect(open).toEqual(
      [
        // what the station shows
        'getStatus',
        'getSession',
        'listSessions',
        'getRoster',
        'listJobs',
        'queryJournal',
        // the serial prompt and sound cues only: the rest of the settings are set-up (admin)
        'getStationSettings',
        'listTargets',
        'rescanTargets',
        'getDiscoveryStatus',
        'decodeUsbDevice',
        'listProfiles',
        'getProfile',
        'listStaleStaged',
        // what a technician at the station does with the chosen profile
        'stageTargets',
        'cancelStaging',
        'setTargetSerial',
        'reverifyStaged',
        // its kiosk state, and the ways to unlock, lock and leave
        'getKioskState',
        'unlockKiosk',
        'lockKiosk',
        'leaveKiosk',
        // Intune: whether it is on, and enrollment confirmed by Intune for the station's Macs
        'getIntuneStatus',
        'syncIntuneEnrollment',
        'setIntunePolling',
        'listIntuneEvidence',
      ].sort(),
    );
    const admin = (Object.keys(calls) as CallName[]).filter((name) => calls[name].access === 'admin');
    expect(admin).toEqual(expect.arrayContaining(['enterKiosk', 'setKioskPin', 'updateSettings', 'importProfile', 'removeProfile', 'chooseProfile']));
    expect(admin.length + open.length).toBe(Object.keys(calls).length);
  });

  it('refuses an unauthorised call before reading its parameters, so any payload gets the same answer', async () => {
    const handlers = {} as CallHandlers;
    const locked = { authorise: () => { throw new BenchError('KIOSK_LOCKED'); } };
    for (const params of [{}, { newPin: 1 }, 'garbage', undefined]) {
      expect(await dispatch(handlers, 'setKioskPin', params, { door: 'web-host' }, locked)).toMatchObject({
        ok: false,
        error: { code: 'KIOSK_LOCKED' },
      });
    }
  });
});
