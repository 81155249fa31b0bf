import { z } from 'zod';
import { Finding, Sha256 } from './common';

// Metadata about a .mobileconfig file. Never holds a secret (SCEP Challenge, PKCS12 Password or
// data, ACME ClientIdentifier): those stay inside the profile file.

export const ProfileFormat = z.enum(['xml', 'binary-plist', 'cms-der', 'cms-pem']);
export type ProfileFormat = z.infer<typeof ProfileFormat>;

export const SignatureInfo = z.object({
  /** verified: digest and signature check out; invalid: they do not; unreadable: wrapper is corrupt. */
  status: z.enum(['verified', 'invalid', 'unreadable']),
  signerSubject: z.string().nullable(),
  signerIssuer: z.string().nullable(),
  /** The CMS signingTime authenticated attribute, when present. */
  signingTime: z.string().nullable(),
  signerNotBefore: z.string().nullable(),
  signerNotAfter: z.string().nullable(),
  digestValid: z.boolean().nullable(),
  signatureValid: z.boolean().nullable(),
  /** digestValid && signatureValid. */
  valid: z.boolean(),
  /** BER with indefinite lengths rather than strict DER. */
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
  identity: IdentityKind,
  /** Oldest macOS that can install it (12.0 for userless enrollment, 13.1 for ACME, 14.0 for attestation). */
  minMacOS: z.string(),
  /** Oldest macOS Microsoft supports for this enrollment (14.0). */
  supportedMacOS: z.string(),
});
export type EnrollmentInfo = Readonly<z.infer<typeof EnrollmentInfo>>;

export const DownloadedAtBasis = z.enum([
  'cms-signing-time',
  'quarantine',
  'birth-time',
  'modified-time',
  'entered',
]);
export type DownloadedAtBasis = z.infer<typeof DownloadedAtBasis>;

export const ExpiryStatus = z.enum(['valid', 'expiring', 'expired']);
export type ExpiryStatus = z.infer<typeof ExpiryStatus>;

export const ExpiryInfo = z.object({
  downloadedAt: z.string(),
  basis: DownloadedAtBasis,
  expiresAt: z.string(),
  /** Which rule set expiresAt: the 14-day window, PayloadExpirationDate, or a RemovalDate already past. */
  expiresBy: z.enum(['download-window', 'payload-expiration-date', 'removal-date']),
  status: ExpiryStatus,
  /** Milliseconds until expiresAt at the time of the answer (negative when expired). */
  remainingMs: z.number(),
  payloadExpirationDate: z.string().nullable(),
  removalDate: z.string().nullable(),
});
export type ExpiryInfo = Readonly<z.infer<typeof ExpiryInfo>>;

export const ProfileInspection = z.object({
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
  isEnrollmentProfile: z.boolean(),
  /** Why it is not an enrollment profile, when it is not. */
  notEnrollmentReason: z.string().nullable(),
  enrollment: EnrollmentInfo.nullable(),
  expiry: ExpiryInfo,
  warnings: z.array(Finding),
  errors: z.array(Finding),
});
export type ProfileInspection = Readonly<z.infer<typeof ProfileInspection>>;

/** A profile copy held in the library (data dir), addressed by its sha256. */
export const LibraryProfile = ProfileInspection.extend({
  id: Sha256,
  fileName: z.string(),
  importedAt: z.string(),
  /** Library group: copies of the same Intune profile (identifier + MDM server + topic). */
  groupKey: z.string(),
  /** True for the freshest valid copy of its group. */
  freshestInGroup: z.boolean(),
  chosen: z.boolean(),
});
export type LibraryProfile = Readonly<z.infer<typeof LibraryProfile>>;
