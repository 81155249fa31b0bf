// Mac serial numbers as people type or scan them (DOMAIN.md §4): 12 characters on older Macs, 10
// random characters from 2021 on, letters and digits. Apple's box labels encode the serial in a
// barcode prefixed with "S" (the "(S) Serial No." field), so a scan gives 11 or 13 characters.

import type { JobState } from '../models/job';
import type { TargetKind } from '../models/target';

export type SerialCheck =
  | { readonly ok: true; readonly serial: string }
  | { readonly ok: false; readonly code: 'SERIAL_INVALID'; readonly reason: string };

export function normaliseSerial(input: string): SerialCheck {
  let serial = input.normalize('NFKC').trim().toUpperCase().replace(/[\s-]/g, '');
  if ((serial.length === 11 || serial.length === 13) && serial.startsWith('S')) serial = serial.slice(1);
  if (serial.length === 0) return { ok: false, code: 'SERIAL_INVALID', reason: 'empty' };
  if (!/^[A-Z0-9]+$/.test(serial)) {
    return { ok: false, code: 'SERIAL_INVALID', reason: 'only letters and digits are allowed' };
  }
  if (serial.length !== 10 && serial.length !== 12) {
    return { ok: false, code: 'SERIAL_INVALID', reason: `${serial.length} characters; a Mac serial has 10 or 12` };
  }
  return { ok: true, serial };
}

/** What deciding whether to ask for a serial needs to know of a Mac (attached or unplugged). */
export interface SerialAskFacts {
  readonly kind: TargetKind;
  /** This session's job on it, if any. */
  readonly jobState: JobState | null;
  /** Attached: whether it could receive the profile now (stageable, no error verdict). Unplugged: null. */
  readonly canReceive: boolean | null;
}

/** Job states of a Mac that is, or is about to be, on the Intune corporate identifier list. */
const ON_THE_LIST = new Set<JobState>(['queued', 'staging', 'verifying', 'staged', 'awaiting-approval', 'enrolled']);
/** Job states that end where a person must step in (or already did): the list will not hold it. */
const OFF_THE_LIST = new Set<JobState>(['failed', 'blocked']);

/**
 * Whether asking a person for this Mac's serial is worth their time. A serial is for the Intune
 * corporate identifier list, which holds the Macs a session stages; so a Mac staged, being
 * staged or ready to be is asked for, and one that cannot receive the profile (read-only disk,
 * macOS too old, locked, in DFU), whose staging failed or was blocked, or a carrier drive, is
 * not. The bench's "next Mac without a serial" and the kiosk's serial question both follow this;
 * a person may still give any selected Mac a serial.
 */
export function serialWanted(facts: SerialAskFacts): boolean {
  if (facts.kind !== 'mac-volume') return false;
  if (facts.jobState && ON_THE_LIST.has(facts.jobState)) return true;
  if (facts.jobState && OFF_THE_LIST.has(facts.jobState)) return false;
  // No job, or a cancelled or interrupted one that can be staged again: asked if it can receive.
  return facts.canReceive === true;
}
