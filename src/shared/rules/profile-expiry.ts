import { DOWNLOAD_VALIDITY_MS, type DownloadedAtBasis, type ExpiryFacts, type ExpiryInfo } from '../models/profile';

// When an Intune direct-enrollment profile stops being usable (DOMAIN.md §1–2). Pure: the instant
// and the threshold are arguments, so every case is a table row in a test.

export const DEFAULT_EXPIRY_WARNING_HOURS = 72;
export const MIN_EXPIRY_WARNING_HOURS = 1;
export const MAX_EXPIRY_WARNING_HOURS = 24 * 13;

/** What is known about when a file was downloaded, as epoch milliseconds (absent: unknown). */
export interface DownloadEvidence {
  /** The bench downloaded the bytes from Intune itself (Graph exportMobileConfig) at this instant. */
  readonly intuneDownloadMs?: number | null;
  /** The CMS signingTime authenticated attribute: set by the signer when Intune produced the file. */
  readonly cmsSigningTimeMs?: number | null;
  /** The com.apple.quarantine timestamp macOS records on a downloaded file. */
  readonly quarantineMs?: number | null;
  readonly birthTimeMs?: number | null;
  readonly modifiedTimeMs?: number | null;
  /** A date a person entered (--downloaded-at, or the import form). */
  readonly enteredMs?: number | null;
  /** When the bench first saw the bytes: the fallback when nothing else is known. */
  readonly firstSeenMs: number;
}

/** Evidence beyond this is nonsense (and its expiry could not be written as an ISO date). */
const LATEST_PLAUSIBLE_MS = Date.UTC(9000, 0, 1);
const known = (ms: number | null | undefined): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms > 0 && ms < LATEST_PLAUSIBLE_MS;

/**
 * The download time and the evidence it rests on. Recorded evidence wins in order of trust: the
 * bench's own download from Intune (it saw the moment the file was made), the CMS signing time,
 * then the quarantine timestamp. Without either, the file's own dates and a
 * person's date are all upper bounds on the real download (a copy is born after the download it
 * came from), so the earliest of them is used: the safe side, since a later date would promise a
 * validity the profile does not have. Only when nothing is known does first-seen apply.
 */
export function chooseDownloadedAt(evidence: DownloadEvidence): { downloadedAtMs: number; basis: DownloadedAtBasis } {
  if (known(evidence.intuneDownloadMs)) return { downloadedAtMs: evidence.intuneDownloadMs, basis: 'intune-download' };
  if (known(evidence.cmsSigningTimeMs)) return { downloadedAtMs: evidence.cmsSigningTimeMs, basis: 'cms-signing-time' };
  if (known(evidence.quarantineMs)) return { downloadedAtMs: evidence.quarantineMs, basis: 'quarantine' };
  const local: Array<[number | null | undefined, DownloadedAtBasis]> = [
    [evidence.birthTimeMs, 'birth-time'],
    [evidence.modifiedTimeMs, 'modified-time'],
    [evidence.enteredMs, 'entered'],
  ];
  let best: { downloadedAtMs: number; basis: DownloadedAtBasis } | null = null;
  for (const [ms, basis] of local) {
    if (known(ms) && (best === null || ms < best.downloadedAtMs)) best = { downloadedAtMs: ms, basis };
  }
  return best ?? { downloadedAtMs: evidence.firstSeenMs, basis: 'first-seen' };
}

/** Clamp a configured threshold into the range the settings allow; anything unusable gives the default. */
export function normaliseWarningHours(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) return DEFAULT_EXPIRY_WARNING_HOURS;
  return Math.min(MAX_EXPIRY_WARNING_HOURS, Math.max(MIN_EXPIRY_WARNING_HOURS, value));
}

/**
 * expiresAt = earliest(downloadedAt + 14 days, PayloadExpirationDate, RemovalDate). A RemovalDate
 * counts because macOS removes the profile at that moment: installing it afterwards is useless,
 * and one already past means the profile is expired. Status: expired once expiresAt is reached,
 * expiring when less than `warningHours` remain, valid otherwise.
 */
export function profileExpiry(facts: ExpiryFacts, nowMs: number, warningHours: number = DEFAULT_EXPIRY_WARNING_HOURS): ExpiryInfo {
  const hours = normaliseWarningHours(warningHours);
  const downloadedAtMs = Date.parse(facts.downloadedAt);
  const candidates: Array<[number, ExpiryInfo['expiresBy']]> = [[downloadedAtMs + DOWNLOAD_VALIDITY_MS, 'download-window']];
  if (facts.payloadExpirationDate !== null) candidates.push([Date.parse(facts.payloadExpirationDate), 'payload-expiration-date']);
  if (facts.removalDate !== null) candidates.push([Date.parse(facts.removalDate), 'removal-date']);
  let [expiresAtMs, expiresBy] = candidates[0] as [number, ExpiryInfo['expiresBy']];
  for (const [ms, by] of candidates.slice(1)) {
    if (ms < expiresAtMs) [expiresAtMs, expiresBy] = [ms, by];
  }
  const remainingMs = expiresAtMs - nowMs;
  const status = remainingMs <= 0 ? 'expired' : remainingMs < hours * 3_600_000 ? 'expiring' : 'valid';
  return {
    ...facts,
    expiresAt: new Date(expiresAtMs).toISOString(),
    expiresBy,
    status,
    remainingMs,
    warningHours: hours,
  };
}
