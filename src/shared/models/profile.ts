import { z } from 'zod';
import { Finding, IsoTime, Sha256 } from './common';

// Metadata about a .mobileconfig file. Never holds a secret (SCEP Challenge, PKCS12 Password or
// data, ACME ClientIdentifier): those stay inside the profile file.

/**
 * Largest file the bench reads as a profile. Real enrollment profiles are a few kilobytes; 5 MB
 * leaves room for profiles carrying certificates while refusing anything else before it is parsed.
 * The web-host's frame limit (8 MB) is sized from it.
 */
export const MAX_PROFILE_BYTES = 5 * 1024 * 1024;

/** Intune direct-enrollment files are valid for two weeks after download (DOMAIN.md §1). */
export const DOWNLOAD_VALIDITY_MS = 14 * 24 * 60 * 60 * 1000;

export const ProfileFormat = z.enum(['xml', 'binary-plist', 'cms-der', 'cms-pem']);
export type ProfileFormat = z.infer<typeof ProfileFormat>;

export const SignatureInfo = z.object({
  /**
   * verified: digest and signature check out; invalid: they do not (or the signer's certificate is
   * missing); unreadable: the wrapper is corrupt; unsupported: an algorithm the bench cannot check.
   */
  status: z.enum(['verified', 'invalid', 'unreadable', 'unsupported']),
  signerSubject: z.string().nullable(),
  signerIssuer: z.string().nullable(),
  /** The CMS signingTime authenticated attribute, when present. */
  signingTime: IsoTime.nullable(),
  signerNotBefore: IsoTime.nullable(),
  signerNotAfter: IsoTime.nullable(),
  /** null when there are no signed attributes (the signature then covers the content itself). */
  digestValid: z.boolean().nullable(),
  /** null when the signature could not be checked (unreadable, unsupported). */
  signatureValid: z.boolean().nullable(),
  /** The signature checks out: digest (when there is one) and signature both valid. */
  valid: z.boolean(),
  /** BER (e.g. indefinite lengths) rather than strict DER. */
  encoding: z.enum(['der', 'ber', 'unknown']),
});
export type SignatureInfo = Readonly<z.infer<typeof SignatureInfo>>;

export const PayloadSummary = z.object({
  type: z.string(),
  identifier: z.string().nullable(),
  uuid: z.string().nullable(),
  displayName: z.string().nullable(),
});
export type PayloadSummary = Readonly<z.infer<typeof PayloadSummary>>;

export const IdentityKind = z.enum(['acme', 'scep', 'pkcs12', 'none']);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const EnrollmentInfo = z.object({
  serverUrl: z.string(),
  /** Host part of serverUrl ('' when the URL has none, e.g. https:///mdm). */
  serverHost: z.string(),
  topic: z.string(),
  checkInUrl: z.string().nullable(),
  /** The identity payload IdentityCertificateUUID resolves to; 'none' when it resolves to none. */
  identity: IdentityKind,
  /** Oldest macOS that can install it (12.0 for userless enrollment, 13.1 for ACME, 14.0 for attestation). */
  minMacOS: z.string(),
  /** Oldest macOS Microsoft supports for this enrollment (14.0, or minMacOS when higher). */
  supportedMacOS: z.string(),
});
export type EnrollmentInfo = Readonly<z.infer<typeof EnrollmentInfo>>;

export const DownloadedAtBasis = z.enum([
  /** The bench itself downloaded the file from Intune (Graph exportMobileConfig) at this moment. */
  'intune-download',
  'cms-signing-time',
  'quarantine',
  'birth-time',
  'modified-time',
  'entered',
  /** Nothing else was known: the moment the bench first saw the bytes (the real download may be earlier). */
  'first-seen',
]);
export type DownloadedAtBasis = z.infer<typeof DownloadedAtBasis>;

export const ExpiryStatus = z.enum(['valid', 'expiring', 'expired']);
export type ExpiryStatus = z.infer<typeof ExpiryStatus>;

/** What expiry is computed from: facts that do not change with the clock. */
export const ExpiryFacts = z.object({
  downloadedAt: IsoTime,
  basis: DownloadedAtBasis,
  payloadExpirationDate: IsoTime.nullable(),
  removalDate: IsoTime.nullable(),
});
export type ExpiryFacts = Readonly<z.infer<typeof ExpiryFacts>>;

export const ExpiryInfo = ExpiryFacts.extend({
  expiresAt: IsoTime,
  /** Which rule set expiresAt: the 14-day window, PayloadExpirationDate, or RemovalDate. */
  expiresBy: z.enum(['download-window', 'payload-expiration-date', 'removal-date']),
  status: ExpiryStatus,
  /** Milliseconds until expiresAt at the time of the answer (negative when expired). */
  remainingMs: z.number(),
  /** The threshold used for 'expiring', in hours. */
  warningHours: z.number().int().positive(),
});
export type ExpiryInfo = Readonly<z.infer<typeof ExpiryInfo>>;

// The parts of an inspection that depend only on the bytes (and on when they were downloaded).
const readingShape = {
  sha256: Sha256,
  sizeBytes: z.number().int().nonnegative(),
  format: ProfileFormat,
  signed: z.boolean(),
  signature: SignatureInfo.nullable(),
  identifier: z.string().nullable(),
  uuid: z.string().nullable(),
  displayName: z.string().nullable(),
  organization: z.string().nullable(),
  description: z.string().nullable(),
  payloads: z.array(PayloadSummary),
  /** It carries a com.apple.mdm payload: it is meant to enroll a Mac (errors may still stop it). */
  isEnrollmentProfile: z.boolean(),
  /** Why it is not an enrollment profile, when it is not. */
  notEnrollmentReason: z.string().nullable(),
  enrollment: EnrollmentInfo.nullable(),
  /** Problems that stop the profile from enrolling a Mac. */
  errors: z.array(Finding),
  /** Problems worth knowing that do not stop it. */
  warnings: z.array(Finding),
  /** Prerequisites and facts for the technician (e.g. ACME needs serial numbers preloaded). */
  notes: z.array(Finding),
};

/** What reading a file yields; stored in the library. Time-independent. */
export const ProfileReading = z.object({ ...readingShape, expiryFacts: ExpiryFacts });
export type ProfileReading = Readonly<z.infer<typeof ProfileReading>>;

/** A reading evaluated at a given instant (expiry status, signer validity, usability). */
export const ProfileInspection = z.object({
  ...readingShape,
  expiry: ExpiryInfo,
  /** An enrollment profile with no errors that has not expired: fit to stage. */
  usable: z.boolean(),
});
export type ProfileInspection = Readonly<z.infer<typeof ProfileInspection>>;

/** A profile copy held in the library (data dir), addressed by its sha256. */
export const LibraryProfile = ProfileInspection.extend({
  id: Sha256,
  fileName: z.string(),
  importedAt: IsoTime,
  /** Library group: copies of the same Intune profile (identifier + MDM server + topic). */
  groupKey: z.string(),
  /** True for the freshest usable copy of its group (downloading again does not extend older copies). */
  freshestInGroup: z.boolean(),
  chosen: z.boolean(),
});
export type LibraryProfile = Readonly<z.infer<typeof LibraryProfile>>;
