// Stable error codes and the sentences a technician (or a warehouse worker) reads.
// Codes are part of the public contract (CLI --json, exports, journal rows): never rename one,
// only add. `detail` carries the technical text for the log and must never hold a secret.

export const ERROR_MESSAGES = {
  // contract / transport
  CONTRACT_UNKNOWN_CALL: 'The app asked for something the bench does not know how to do.',
  CONTRACT_INVALID_REQUEST: 'The request was not in the expected shape.',
  CONTRACT_INVALID_RESPONSE: 'The bench produced an answer in an unexpected shape.',
  TRANSPORT_UNAUTHORISED: 'This window is not allowed to talk to the bench.',
  TRANSPORT_CLOSED: 'The connection to the bench was lost.',
  INTERNAL: 'Something went wrong inside the bench. The details are in the log.',

  // usage / IO
  USAGE: 'The command was not used correctly.',
  IO_ERROR: 'A file could not be read or written.',
  DATA_DIR_UNUSABLE: 'The bench cannot use its data folder.',

  // journal
  JOURNAL_UNAVAILABLE: 'The journal database could not be opened or written, so nothing more can be recorded.',
  JOURNAL_NEWER_SCHEMA: 'The journal was written by a newer version of Enrollment Bench. Update the app.',
  JOURNAL_CORRUPT: 'The journal database is damaged.',

  // profiles
  PROFILE_NOT_FOUND: 'That profile is not in the library.',
  PROFILE_TOO_LARGE: 'That file is too large to be an enrollment profile.',
  PROFILE_UNREADABLE: 'That file is not a readable configuration profile.',
  PROFILE_NOT_ENROLLMENT: 'That profile is not an Intune enrollment profile.',
  PROFILE_NOT_USABLE: 'That enrollment profile has problems that would stop a Mac from enrolling. See its errors.',
  PROFILE_EXPIRED: 'The enrollment profile has expired. Download a new one from Intune.',
  PROFILE_NONE_CHOSEN: 'Choose an enrollment profile first.',

  // targets
  TARGET_NOT_FOUND: 'That Mac or drive is no longer attached.',
  NO_TARGETS: 'No Mac or drive is attached to stage.',
  SERIAL_INVALID: 'That is not a Mac serial number (10 or 12 letters and digits).',
  SERIAL_DUPLICATE: 'That serial number is already used by another Mac in this session.',
  SERIAL_NOT_A_MAC: 'A carrier drive is not a Mac, so it has no serial number.',

  // staging
  STAGE_DISK_FULL: 'The Mac’s disk is full. Free some space on it and try again.',
  STAGE_READ_ONLY: 'The Mac’s disk is read-only, so the profile cannot be copied to it.',
  STAGE_NOT_PERMITTED: 'The bench is not allowed to write to this disk.',
  STAGE_DISCONNECTED: 'The Mac was disconnected during the copy. Plug the cable in again.',
  STAGE_LOCKED: 'The Mac’s disk is locked by FileVault. Unlock it, then try again.',
  STAGE_SYMLINK_ESCAPE: 'The folder on this disk points somewhere else, so the bench refused to write there.',
  STAGE_VERIFY_MISMATCH: 'The copy on the Mac does not match the profile. Try again.',
  STAGE_NOT_STAGEABLE: 'This target cannot receive a profile.',
  STAGE_CANCELLED: 'Staging was cancelled.',
  STAGE_INTERRUPTED: 'Staging was interrupted when the bench stopped.',
  STAGE_TEMP_LEFT_BEHIND: 'A temporary file could not be removed from the disk.',
  TARGET_UNRESPONSIVE: 'The Mac’s shared disk stopped answering. Check the cable and that the Mac is still in Share Disk, then try again.',
  STAGE_FORBIDDEN_PATH: 'The bench never writes into macOS’s own profile store on a Mac.',

  // kiosk
  KIOSK_LOCKED: 'This is not available while the station is locked.',
  KIOSK_PIN_WRONG: 'That PIN is not correct.',
  KIOSK_PIN_BACKOFF: 'Too many wrong PINs. Wait before trying again.',
  KIOSK_PIN_NOT_SET: 'No admin PIN has been set.',
  KIOSK_PIN_INVALID: 'The PIN must be 4 to 12 digits.',
  KIOSK_PIN_CURRENT_REQUIRED: 'Enter the current admin PIN to change it.',

  // Intune (Microsoft Graph); optional, online only (docs/INTUNE.md)
  INTUNE_DISABLED: 'Intune is turned off on this bench. Turn it on in the Intune settings.',
  INTUNE_NOT_CONFIGURED: 'Intune sign-in is not set up: enter the tenant and the app’s client id first.',
  INTUNE_NOT_SIGNED_IN: 'Not signed in to Intune (or the sign-in has expired). Sign in again.',
  INTUNE_SIGN_IN_FAILED: 'The Intune sign-in did not complete.',
  INTUNE_FORBIDDEN: 'Intune refused: this account lacks the permission for that. Ask your Intune administrator.',
  INTUNE_THROTTLED: 'Intune is busy and asked the bench to wait. Try again in a few minutes.',
  INTUNE_OFFLINE: 'Intune cannot be reached. Check the bench’s network connection.',
  INTUNE_NOT_FOUND: 'Intune does not know that profile.',
  INTUNE_GRAPH_ERROR: 'Intune answered with an error. The details are in the log.',
  INTUNE_EXPORT_UNREADABLE: 'Intune’s exported profile could not be read.',
  INTUNE_SERIAL_REJECTED: 'Intune did not accept that serial number as a corporate identifier.',
  INTUNE_OTHER_PROFILE: 'This Mac enrolled in Intune under another enrollment profile than the session’s.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface BenchErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: string;
}

/** An error that crosses process boundaries as plain data ({code, message, detail}). */
export class BenchError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string, message?: string) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'BenchError';
    this.code = code;
    this.detail = detail;
  }

  toData(): BenchErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

/** Turn anything thrown into serialisable error data; unknown failures become INTERNAL. */
export function toErrorData(error: unknown): BenchErrorData {
  if (error instanceof BenchError) return error.toData();
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL, detail };
}
