import type { Session } from '../../shared/models/session';
import { choosingEndsSession } from '../../shared/rules/session-scope';
import type { ProfileLibrary } from './profile-library';

/** The app's open staging session, and ending one (its queued work cancelled, sessionChanged pushed). */
export interface OpenSessions {
  current(): Session | null;
  end(id: string): Session | null;
}

export interface ChoiceMade {
  readonly chosenProfileId: string | null;
  /** The choice is another profile than before (profilesChanged is due). */
  readonly changed: boolean;
  /** The open session this choice ended (it was for another profile), or null. */
  readonly endedSession: Session | null;
}

/**
 * Choose the profile to stage (null: none), for every door that chooses one: the Profiles screen
 * and the CLI (chooseProfile), and Intune's "Download and choose". The choice and the end of an
 * open session for another profile happen in this one call (shared/rules/session-scope.ts).
 * Chosen first: a profile that cannot be chosen (expired, unusable) ends nothing.
 */
export function chooseForStaging(library: Pick<ProfileLibrary, 'choose' | 'chosenId'>, sessions: OpenSessions, id: string | null): ChoiceMade {
  const before = library.chosenId();
  const chosenProfileId = library.choose(id);
  const session = sessions.current();
  const endedSession = session && choosingEndsSession(session, chosenProfileId) ? sessions.end(session.id) : null;
  return { chosenProfileId, changed: before !== chosenProfileId, endedSession };
}
