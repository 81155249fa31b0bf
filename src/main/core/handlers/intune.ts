import type { IntuneService } from '../../intune/intune-service';
import type { CallHandlers } from '../dispatch';

type IntuneCallName =
  | 'getIntuneStatus'
  | 'getIntuneSettings'
  | 'updateIntuneSettings'
  | 'intuneSignIn'
  | 'intuneSignOut'
  | 'listIntuneProfiles'
  | 'fetchIntuneProfile'
  | 'refreshIntuneProfile'
  | 'uploadIntuneSerials'
  | 'syncIntuneEnrollment'
  | 'setIntunePolling'
  | 'listIntuneEvidence';

export function intuneHandlers(intune: IntuneService): Pick<CallHandlers, IntuneCallName> {
  return {
    getIntuneStatus: () => intune.status(),
    getIntuneSettings: () => intune.settings(),
    updateIntuneSettings: (changes) => intune.updateSettings(changes),
    intuneSignIn: ({ method }) => intune.signIn(method ?? 'device-code'),
    intuneSignOut: () => intune.signOut(),
    listIntuneProfiles: async () => ({ profiles: await intune.listProfiles() }),
    fetchIntuneProfile: ({ intuneProfileId, choose }) => intune.fetchProfile(intuneProfileId, choose ?? false),
    refreshIntuneProfile: () => intune.refreshChosen(),
    uploadIntuneSerials: ({ sessionId }) => intune.uploadSerials(sessionId),
    syncIntuneEnrollment: ({ sessionId }) => intune.sync(sessionId),
    setIntunePolling: ({ on }) => intune.setPolling(on),
    listIntuneEvidence: ({ sessionId }) => intune.evidence(sessionId),
  };
}
