import { z } from 'zod';
import { IsoTime, Sha256 } from '../../models/common';
import { LibraryProfile, ProfileInspection } from '../../models/profile';
import { Session } from '../../models/session';
import { defineCall, NoParams } from '../define';

// The profile library and the inspector. Payloads carry metadata only: a profile's secrets never
// cross the contract (uploads carry the file's bytes one way, into the core).

/** An absolute path on the bench computer (POSIX or Windows); relative paths would depend on the core's cwd. */
const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

export const ProfileList = z.object({
  profiles: z.array(LibraryProfile),
  chosenProfileId: Sha256.nullable(),
  /** Less than this many hours left counts as 'expiring'. */
  warningHours: z.number().int().positive(),
  /** The instant the statuses were computed for. */
  evaluatedAt: IsoTime,
});
export type ProfileList = z.infer<typeof ProfileList>;

export const ImportOutcome = z.object({
  profile: LibraryProfile,
  /** The same bytes were already in the library: nothing was added. */
  alreadyPresent: z.boolean(),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const profileCalls = {
  inspectProfileFile: defineCall({
    request: z.object({ path: AbsolutePath, downloadedAt: IsoTime.optional() }).strict(),
    response: ProfileInspection,
    access: 'admin',
    summary: 'Inspect a .mobileconfig on the bench computer without adding it to the library.',
  }),
  listProfiles: defineCall({
    request: NoParams,
    response: ProfileList,
    access: 'open',
    summary: 'The profiles in the library, with their expiry status now.',
  }),
  getProfile: defineCall({
    request: z.object({ id: Sha256 }).strict(),
    response: LibraryProfile,
    access: 'open',
    summary: 'One profile of the library.',
  }),
  importProfile: defineCall({
    request: z
      .object({
        fileName: z.string().min(1).max(1024),
        /** The file's bytes, base64. Size is checked by the core (PROFILE_TOO_LARGE), not here. */
        contentBase64: z.string(),
        /** The browser File's lastModified: the download basis 'modified-time'. */
        lastModified: IsoTime.optional(),
        /** A date the person entered: the download basis 'entered'. */
        downloadedAt: IsoTime.optional(),
      })
      .strict(),
    response: ImportOutcome,
    access: 'admin',
    summary: 'Add an uploaded enrollment profile to the library (owner-only copy, addressed by sha256).',
  }),
  importProfileFromPath: defineCall({
    request: z.object({ path: AbsolutePath, downloadedAt: IsoTime.optional() }).strict(),
    response: ImportOutcome,
    access: 'admin',
    summary: 'Add an enrollment profile from a file on the bench computer to the library.',
  }),
  removeProfile: defineCall({
    request: z.object({ id: Sha256 }).strict(),
    response: z.object({ removed: Sha256 }),
    access: 'admin',
    summary: 'Remove a profile copy from the library.',
  }),
  purgeExpiredProfiles: defineCall({
    request: NoParams,
    response: z.object({ removed: z.array(Sha256) }),
    access: 'admin',
    summary: 'Remove every expired profile copy from the library.',
  }),
  chooseProfile: defineCall({
    request: z.object({ id: Sha256.nullable() }).strict(),
    response: z.object({
      chosenProfileId: Sha256.nullable(),
      /** The open session this choice ended (it was for another profile), else null. */
      endedSession: Session.nullable(),
    }),
    access: 'admin',
    summary: 'Choose the profile to stage (null: none). Only a usable, unexpired profile can be chosen; choosing another profile ends the open session.',
  }),
} as const;
