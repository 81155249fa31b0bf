import type { LibraryProfile } from '../../shared/models/profile';
import { navigate } from '../routing';
import { basisText, identityText, liveExpiry, signedByText } from '../logic/profile-facts';
import { useBench } from '../store/store';
import { macOSSupport, majorName } from '../../shared/rules/macos-support';
import { ExpiryBanner } from './expiry-banner';
import { formatDateTime, formatRemaining } from './format';
import { IconShield } from './icons';
import { useNow } from './use-now';

/** The profile going onto the Macs, and until when it is valid. */
export function ProfileCard() {
  const support = macOSSupport(useBench((s) => s.settings?.macOSSupport));
  const profile = useBench((s) => s.profiles.find((p) => p.id === s.chosenProfileId) ?? null);
  const warningHours = useBench((s) => s.warningHours);
  const now = useNow(15_000);
  if (!profile) {
    return (
      <section className="panel profile-card profile-card-empty" aria-labelledby="profile-card-title">
        <h2 id="profile-card-title">No profile chosen</h2>
        <p>Import the enrollment profile downloaded from Intune, then choose it.</p>
        <button type="button" className="button primary" onClick={() => navigate('profiles')}>Go to Profiles</button>
      </section>
    );
  }
  const expiry = liveExpiry(profile, now, warningHours);
  return (
    <section className={`panel profile-card profile-card-${expiry.status}`} aria-labelledby="profile-card-title" data-testid="profile-card">
      <div className="profile-card-main">
        <IconShield size={28} />
        <div>
          <h2 id="profile-card-title">{profile.displayName ?? profile.fileName}</h2>
          <p className="muted">
            {profile.organization ?? 'No organisation'} · {profile.enrollment?.serverHost || 'no MDM host'} · {identityText(profile)}
          </p>
          <dl className="facts compact">
            <div>
              <dt>Signed by</dt>
              <dd>{signedByText(profile)}</dd>
            </div>
            <div>
              <dt>Needs</dt>
              <dd>
                macOS {majorName(profile.enrollment?.minMacOS ?? support.allowed)} or later (supported from {majorName(profile.enrollment?.supportedMacOS ?? support.supported)})
              </dd>
            </div>
            <div>
              <dt>Imported</dt>
              <dd>{formatDateTime(profile.importedAt)}</dd>
            </div>
          </dl>
        </div>
        <div className="profile-card-validity">
          <div className="validity-until">
            {expiry.status === 'expired' ? 'Expired' : 'Valid until'} <strong>{formatDateTime(expiry.expiresAt)}</strong>
          </div>
          <div className="validity-countdown" data-testid="validity-countdown">
            {expiry.status === 'expired' ? formatRemaining(expiry.remainingMs) : `${formatRemaining(expiry.remainingMs)} left`}
          </div>
          <div className="muted small">{basisText(expiry)}</div>
        </div>
      </div>
      <ExpiryBanner expiry={expiry} />
    </section>
  );
}

export function chosenProfile(state: { profiles: readonly LibraryProfile[]; chosenProfileId: string | null }): LibraryProfile | null {
  return state.profiles.find((p) => p.id === state.chosenProfileId) ?? null;
}
