import type { StateCreator } from 'zustand';
import { ERROR_MESSAGES } from '../../shared/errors';
import { MAX_PROFILE_BYTES, type LibraryProfile } from '../../shared/models/profile';
import { choosingEndsSession } from '../../shared/rules/session-scope';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface ProfilesSlice {
  profiles: readonly LibraryProfile[];
  chosenProfileId: string | null;
  warningHours: number;
  loadProfiles(): Promise<void>;
  /** Import a picked or dropped file; `downloadedAt` is a date the person entered, if any. */
  importProfileFile(file: File, downloadedAt: string | null): Promise<boolean>;
  chooseProfile(id: string | null): Promise<void>;
  /**
   * Choose a profile; when the open session has Macs, choosing another one ends that session, so it
   * waits a few seconds with Undo and says so.
   */
  chooseProfileWithUndo(id: string): void;
  /** How many Macs the open session has if choosing `id` ends it (0: choosing it ends nothing, or nothing with Macs). */
  macsLostByChoosing(id: string): number;
  removeProfile(id: string): Promise<void>;
  purgeExpired(): Promise<void>;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const createProfilesSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], ProfilesSlice> =>
  (set, get) => ({
    profiles: [],
    chosenProfileId: null,
    warningHours: 72,
    async loadProfiles() {
      const result = await bridge.call('listProfiles', {});
      if (result.ok) set({ profiles: result.value.profiles, chosenProfileId: result.value.chosenProfileId, warningHours: result.value.warningHours });
    },
    async importProfileFile(file, downloadedAt) {
      // In the desktop app the core reads the file itself, so it sees the macOS download record
      // (quarantine) and the file's birth time; a browser can only send the bytes and lastModified.
      const path = bridge.pathForFile(file);
      // A file over the limit is refused here from its size: sent whole it would exceed the
      // socket's frame cap and lose the connection instead of getting an answer.
      if (!path && file.size > MAX_PROFILE_BYTES) {
        get().notifyError({ code: 'PROFILE_TOO_LARGE', message: ERROR_MESSAGES.PROFILE_TOO_LARGE, detail: `${file.size} bytes; profiles are read up to ${MAX_PROFILE_BYTES} bytes` });
        return false;
      }
      const result = path
        ? await bridge.call('importProfileFromPath', { path, ...(downloadedAt ? { downloadedAt } : {}) })
        : await bridge.call('importProfile', {
            fileName: file.name,
            contentBase64: await toBase64(file),
            lastModified: new Date(file.lastModified || Date.now()).toISOString(),
            ...(downloadedAt ? { downloadedAt } : {}),
          });
      if (!result.ok) {
        get().notifyError(result.error);
        return false;
      }
      const profile = result.value.profile;
      const name = profile.displayName ?? file.name;
      if (result.value.alreadyPresent) get().notify('info', `${name} is already in the library.`);
      else if (!profile.isEnrollmentProfile) get().notify('error', `${name} was imported, but it is not an enrollment profile: ${profile.notEnrollmentReason ?? 'see its findings'}.`);
      else if (profile.errors[0]) get().notify('error', `${name} was imported, but it cannot be used: ${profile.errors[0].message}`, profile.errors[0].code);
      else get().notify('success', `${name} imported.`);
      await get().loadProfiles();
      return true;
    },
    async chooseProfile(id) {
      const result = await bridge.call('chooseProfile', { id });
      if (!result.ok) return get().notifyError(result.error);
      set({ chosenProfileId: result.value.chosenProfileId });
      if (result.value.endedSession) get().notify('info', 'The session has ended: the next Mac starts a new one. The last session’s Macs are in the log.');
      await get().loadProfiles();
    },
    macsLostByChoosing(id) {
      const { session, jobs } = get();
      return choosingEndsSession(session, id) ? Object.keys(jobs).length : 0;
    },
    chooseProfileWithUndo(id) {
      const macs = get().macsLostByChoosing(id);
      const name = get().profiles.find((p) => p.id === id);
      const label = name?.displayName ?? name?.fileName ?? 'this profile';
      // The core ends the session itself, in the same call (shared/rules/session-scope.ts); the
      // screen only says so first, with a few seconds to undo, when the session has Macs to lose.
      if (macs === 0) {
        void get().chooseProfile(id);
        return;
      }
      get().deferWithUndo(`Choosing ${label} ends this session (${macs} Mac${macs === 1 ? '' : 's'}); they stay in the log.`, () => get().chooseProfile(id));
    },
    async removeProfile(id) {
      const result = await bridge.call('removeProfile', { id });
      if (!result.ok) return get().notifyError(result.error);
      await get().loadProfiles();
    },
    async purgeExpired() {
      const result = await bridge.call('purgeExpiredProfiles', {});
      if (!result.ok) return get().notifyError(result.error);
      get().notify('success', result.value.removed.length ? `Removed ${result.value.removed.length} expired profile(s).` : 'No expired profiles to remove.');
      await get().loadProfiles();
    },
  });
