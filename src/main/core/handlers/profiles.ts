import { BenchError } from '../../../shared/errors';
import type { EventPayload } from '../../../shared/contract';
import { MAX_PROFILE_BYTES } from '../../../shared/models/profile';
import { evaluateProfile } from '../../../shared/rules/profile-evaluation';
import { chooseForStaging, type OpenSessions } from '../../profiles/choose-for-staging';
import { readProfile } from '../../profiles/inspect-profile';
import type { ProfileLibrary } from '../../profiles/profile-library';
import type { QuarantineReader } from '../../profiles/quarantine';
import { readProfileFile } from '../../profiles/read-profile-file';
import type { Clock } from '../../platform/clock';
import type { profileCalls } from '../../../shared/contract/calls/profiles';
import type { CallHandlers } from '../dispatch';

type ProfileCallName = keyof typeof profileCalls;

export interface ProfileHandlerDeps {
  readonly library: ProfileLibrary;
  readonly clock: Clock;
  readonly readQuarantine: QuarantineReader;
  /** Push profilesChanged; called after the change is committed. */
  readonly changed: (payload: EventPayload<'profilesChanged'>) => void;
  /** The app's open staging session, and ending one (choosing another profile ends it). */
  readonly sessions: OpenSessions;
}

/** Base64 of the largest accepted profile, plus padding. */
const MAX_BASE64_CHARS = Math.ceil(MAX_PROFILE_BYTES / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const ms = (iso: string | undefined) => (iso === undefined ? null : Date.parse(iso));

export function profileHandlers(deps: ProfileHandlerDeps): Pick<CallHandlers, ProfileCallName> {
  const { library, clock, readQuarantine, changed } = deps;
  return {
    inspectProfileFile: async ({ path, downloadedAt }) => {
      const file = await readProfileFile(path, readQuarantine);
      const reading = readProfile(file.bytes, { ...file.evidence, enteredMs: ms(downloadedAt), firstSeenMs: clock.now() });
      return evaluateProfile(reading, clock.now(), library.warningHours());
    },

    listProfiles: () => ({
      profiles: library.list(),
      chosenProfileId: library.chosenId(),
      warningHours: library.warningHours(),
      evaluatedAt: new Date(clock.now()).toISOString(),
    }),

    getProfile: ({ id }) => library.get(id),

    importProfile: ({ fileName, contentBase64, lastModified, downloadedAt }) => {
      // Size first, from the text length alone: a huge upload is refused before it is decoded.
      if (contentBase64.length > MAX_BASE64_CHARS) {
        throw new BenchError('PROFILE_TOO_LARGE', `about ${Math.floor((contentBase64.length * 3) / 4)} bytes; profiles are read up to ${MAX_PROFILE_BYTES} bytes`);
      }
      if (contentBase64.length % 4 !== 0 || !BASE64.test(contentBase64)) {
        throw new BenchError('CONTRACT_INVALID_REQUEST', 'importProfile: contentBase64 is not base64');
      }
      const outcome = library.import({
        bytes: new Uint8Array(Buffer.from(contentBase64, 'base64')),
        fileName,
        evidence: { modifiedTimeMs: ms(lastModified), enteredMs: ms(downloadedAt), firstSeenMs: clock.now() },
      });
      if (!outcome.alreadyPresent) changed({ change: 'imported', ids: [outcome.profile.id] });
      return outcome;
    },

    importProfileFromPath: async ({ path, downloadedAt }) => {
      const file = await readProfileFile(path, readQuarantine);
      const outcome = library.import({
        bytes: file.bytes,
        fileName: file.fileName,
        evidence: { ...file.evidence, enteredMs: ms(downloadedAt), firstSeenMs: clock.now() },
        sourcePath: path,
      });
      if (!outcome.alreadyPresent) changed({ change: 'imported', ids: [outcome.profile.id] });
      return outcome;
    },

    removeProfile: ({ id }) => {
      library.remove(id);
      changed({ change: 'removed', ids: [id] });
      return { removed: id };
    },

    purgeExpiredProfiles: () => {
      const removed = library.purgeExpired();
      if (removed.length > 0) changed({ change: 'purged', ids: removed });
      return { removed };
    },

    chooseProfile: ({ id }) => {
      const { chosenProfileId, changed: isNew, endedSession } = chooseForStaging(library, deps.sessions, id);
      if (isNew) changed({ change: 'chosen', ids: chosenProfileId === null ? [] : [chosenProfileId] });
      return { chosenProfileId, endedSession };
    },
  };
}
