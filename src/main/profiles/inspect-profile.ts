import crypto from 'node:crypto';
import { BenchError } from '../../shared/errors';
import { MAX_PROFILE_BYTES, type ProfileReading } from '../../shared/models/profile';
import { chooseDownloadedAt, type DownloadEvidence } from '../../shared/rules/profile-expiry';
import { classifyProfile } from './classify';
import { FindingCollector } from './finding-collector';
import { unwrapProfile } from './unwrap-profile';
import { readPlist } from './read-plist';

/** What the file system and the person know about the download; the signature adds its own. */
export type LocalDownloadEvidence = Omit<DownloadEvidence, 'cmsSigningTimeMs'>;

/**
 * Read a profile's bytes into a ProfileReading: format, signature, classification and findings,
 * and the facts its expiry rests on. Never modifies the bytes. Throws BenchError only:
 * PROFILE_TOO_LARGE above MAX_PROFILE_BYTES (checked before any parsing), PROFILE_UNREADABLE when
 * no property list can be recovered. Everything else is a finding.
 */
export function readProfile(bytes: Uint8Array, evidence: LocalDownloadEvidence): ProfileReading {
  if (bytes.length > MAX_PROFILE_BYTES) {
    throw new BenchError('PROFILE_TOO_LARGE', `${bytes.length} bytes; profiles are read up to ${MAX_PROFILE_BYTES} bytes`);
  }
  if (bytes.length === 0) throw new BenchError('PROFILE_UNREADABLE', 'the file is empty');
  try {
    const findings = new FindingCollector();
    const unwrapped = unwrapProfile(bytes, findings);
    const root = readPlist(unwrapped.plist, findings);
    const classification = classifyProfile(root, findings);
    const { payloadExpirationDate, removalDate, ...described } = classification;
    const downloaded = chooseDownloadedAt({ ...evidence, cmsSigningTimeMs: unwrapped.signingTimeMs });
    const all = findings.list();
    return {
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      sizeBytes: bytes.length,
      format: unwrapped.format,
      signed: unwrapped.signature !== null,
      signature: unwrapped.signature,
      ...described,
      errors: all.filter((f) => f.severity === 'error'),
      warnings: all.filter((f) => f.severity === 'warning'),
      notes: all.filter((f) => f.severity === 'info'),
      expiryFacts: {
        downloadedAt: new Date(downloaded.downloadedAtMs).toISOString(),
        basis: downloaded.basis,
        payloadExpirationDate,
        removalDate,
      },
    };
  } catch (error) {
    if (error instanceof BenchError) throw error;
    // A defect must still reach the person as a coded error; "internal:" marks it for the log and the tests.
    throw new BenchError('PROFILE_UNREADABLE', `internal: ${error instanceof Error ? error.message : String(error)}`);
  }
}
