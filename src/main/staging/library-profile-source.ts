import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { BenchError } from '../../shared/errors';
import { MACOS_SUPPORT_TABLE } from '../../shared/rules/macos-support';
import type { ProfileLibrary } from '../profiles/profile-library';
import type { StagingProfile } from './job-runner';
import type { ProfileSource } from './staging-service';

/**
 * The profile library as the staging service sees it: the chosen (or named) profile's exact bytes,
 * re-checked against its sha256 before they go anywhere, plus the facts for the instructions page.
 */
export function libraryProfileSource(library: ProfileLibrary): ProfileSource {
  return {
    async load(id: string | null): Promise<StagingProfile | null> {
      const wanted = id ?? library.chosenId();
      if (!wanted) return null;
      // Whether it may be staged is the staging policy's to say (shared/rules/staging-policy.ts):
      // the facts travel with the bytes.
      const profile = library.get(wanted);
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(library.copyPath(profile.id));
      } catch (error) {
        throw new BenchError('PROFILE_UNREADABLE', `the library copy of ${profile.fileName} cannot be read: ${(error as Error).message}`);
      }
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== profile.sha256) {
        // Someone changed the library copy: never stage bytes other than the ones inspected.
        throw new BenchError('PROFILE_UNREADABLE', `the library copy of ${profile.fileName} no longer matches its sha256; import the file again`);
      }
      return {
        sha256,
        bytes,
        displayName: profile.displayName,
        organization: profile.organization,
        mdmHost: profile.enrollment?.serverHost || null,
        expiresAt: profile.expiry.expiresAt,
        isEnrollmentProfile: profile.isEnrollmentProfile,
        notEnrollmentReason: profile.notEnrollmentReason,
        errors: profile.errors,
        minMacOS: profile.enrollment?.minMacOS ?? MACOS_SUPPORT_TABLE.allowed,
      };
    },
    expiresAt(sha256: string): string | null {
      try {
        return library.get(sha256).expiry.expiresAt;
      } catch {
        return null;
      }
    },
  };
}
