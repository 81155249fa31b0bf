// THE staging policy: whether a profile may be staged and whether a target may receive it. The
// core's staging service applies it to every request, whichever front door sent it (the bench
// screen, the kiosk station, the web-host, the CLI); the doors only show its verdicts.
// Pure: the facts come from the profile library and the device scanner.
import type { Finding } from '../models/common';
import type { Target, VolumeTarget } from '../models/target';
import type { ErrorCode } from '../errors';
import { profileNeedsNewerMacOS } from './target-constraints';

/** What the policy needs to know of the profile to stage (a library profile has all of it). */
export interface StagingProfileFacts {
  readonly isEnrollmentProfile: boolean;
  readonly notEnrollmentReason: string | null;
  /** The inspector's errors (tampered signature, dangling IdentityCertificateUUID, …). */
  readonly errors: readonly Pick<Finding, 'code'>[];
  readonly expiresAt: string;
  /** The oldest macOS that accepts the profile: 13.1 for ACME, else 12.0. */
  readonly minMacOS: string;
}

export interface ProfileRefusal {
  readonly code: Extract<ErrorCode, 'PROFILE_NOT_ENROLLMENT' | 'PROFILE_NOT_USABLE' | 'PROFILE_EXPIRED'>;
  /** The finding codes (or the expiry instant) behind the refusal, for the caller and the log. */
  readonly detail: string;
}

/**
 * Why this profile may not be staged at `nowMs`, or null. In this order: not an enrollment
 * profile, then broken (a fresh download would not fix it), then expired.
 */
export function profileRefusal(profile: StagingProfileFacts, nowMs: number): ProfileRefusal | null {
  if (!profile.isEnrollmentProfile) return { code: 'PROFILE_NOT_ENROLLMENT', detail: profile.notEnrollmentReason ?? 'no com.apple.mdm payload' };
  if (profile.errors.length > 0) return { code: 'PROFILE_NOT_USABLE', detail: profile.errors.map((e) => e.code).join(', ') };
  if (nowMs >= Date.parse(profile.expiresAt)) return { code: 'PROFILE_EXPIRED', detail: `expired at ${profile.expiresAt}` };
  return null;
}

/** Verdicts in a target's list that were judged for the profile chosen at scan time, not this one. */
const PROFILE_DEPENDENT = new Set(['PROFILE_NEEDS_NEWER_MACOS']);

/**
 * Why `target` may not receive `profile`, or null: the first error among the target's verdicts
 * (shared/rules/target-constraints.ts, in its documented order), with the profile's minimum macOS
 * judged for the profile being staged (the scan judged it for the chosen one).
 * The refusal's code is the constraint code (READ_ONLY, LOCKED, USB_DFU_MODE, …).
 */
export function targetRefusal(target: Target, profile: Pick<StagingProfileFacts, 'minMacOS'>): Finding | null {
  const verdict = judgeTarget(target, profile);
  return verdict.ok ? null : verdict.refusal;
}

/** The policy's verdict on a target: the volume it may write to, or why not. */
export type TargetVerdict = { readonly ok: true; readonly target: VolumeTarget } | { readonly ok: false; readonly refusal: Finding };

/** `targetRefusal`, answering with the target as a volume when it is accepted (only volumes are). */
export function judgeTarget(target: Target, profile: Pick<StagingProfileFacts, 'minMacOS'>): TargetVerdict {
  const refused = (refusal: Finding): TargetVerdict => ({ ok: false, refusal });
  const own = target.constraints.find((c) => c.severity === 'error' && !PROFILE_DEPENDENT.has(c.code));
  if (own) return refused(own);
  // Facts a verdict list should already carry, checked again in case it does not.
  if (target.kind !== 'usb-device' && target.locked)
    return refused({ severity: 'error', code: 'LOCKED', message: 'This disk is locked by FileVault. Unlock it first.' });
  if (!target.stageable && !target.constraints.some((c) => c.severity === 'error')) {
    return refused({ severity: 'error', code: 'STAGE_NOT_STAGEABLE', message: 'This target cannot receive a profile.' });
  }
  if (target.kind === 'usb-device') {
    return refused({ severity: 'error', code: 'USB_NOT_A_TARGET', message: 'This USB device is not a Mac the bench can stage.' });
  }
  if (target.kind === 'mac-volume' && target.dataVolume === null) {
    return refused({ severity: 'error', code: 'NO_DATA_VOLUME', message: 'This Mac’s Data volume, where the profile goes, is not mounted.' });
  }
  if (target.kind === 'mac-volume') {
    const version = profileNeedsNewerMacOS(target.macOS?.productVersion ?? null, profile.minMacOS);
    if (version) return refused(version);
  }
  return { ok: true, target };
}
