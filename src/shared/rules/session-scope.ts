// What a staging session spans. A session is the work of one sitting with one profile: its Macs,
// their serials, the exports and Intune uploads are all "this session's". So choosing another
// profile ends the open session; the core does it in the same call that changes the choice
// (chooseProfile, and Intune's "Download and choose": src/main/profiles/choose-for-staging.ts), for
// every door, and the screens only say so beforehand.
import type { Session } from '../models/session';

/**
 * Whether choosing `chosenId` ends `session`: it is open, the app's own (a scripted CLI run keeps
 * its own session), and was started for another profile. Clearing the choice (null) ends nothing:
 * nothing can be staged without a profile, and choosing the same profile again continues.
 */
export function choosingEndsSession(session: Pick<Session, 'endedAt' | 'scripted' | 'profileSha256'> | null, chosenId: string | null): boolean {
  if (!session || session.endedAt !== null || session.scripted) return false;
  return chosenId !== null && session.profileSha256 !== null && session.profileSha256 !== chosenId;
}
