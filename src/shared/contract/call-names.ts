import type { CallName } from './calls/index';

// The call names as a plain list, for the preload: it must stay tiny (no zod) because it is
// bundled into a sandboxed script. The compiler refuses this file if a name is missing or extra.
export const CALL_NAME_LIST = [
  'getStatus',
  // staging and journal
  'getSession',
  'endSession',
  'listSessions',
  'listJobs',
  'stageTargets',
  'stageWithProfile',
  'cancelStaging',
  'setTargetSerial',
  'confirmEnrollment',
  'reverifyStaged',
  'listStaleStaged',
  'queryJournal',
  'exportSession',
  'getSettings',
  'updateSettings',
  'getKioskState',
  'enterKiosk',
  'unlockKiosk',
  'lockKiosk',
  'leaveKiosk',
  'setKioskPin',
  'listTargets',
  'rescanTargets',
  'getDiscoveryStatus',
  'decodeUsbDevice',
  'inspectProfileFile',
  'listProfiles',
  'getProfile',
  'importProfile',
  'importProfileFromPath',
  'removeProfile',
  'purgeExpiredProfiles',
  'chooseProfile',
  // Intune (Microsoft Graph)
  'getIntuneStatus',
  'getIntuneSettings',
  'updateIntuneSettings',
  'intuneSignIn',
  'intuneSignOut',
  'listIntuneProfiles',
  'fetchIntuneProfile',
  'refreshIntuneProfile',
  'uploadIntuneSerials',
  'syncIntuneEnrollment',
  'setIntunePolling',
  'listIntuneEvidence',
] as const satisfies readonly CallName[];

type Missing = Exclude<CallName, (typeof CALL_NAME_LIST)[number]>;
export const CALL_NAME_LIST_IS_COMPLETE: [Missing] extends [never] ? true : { missing: Missing } = true;
