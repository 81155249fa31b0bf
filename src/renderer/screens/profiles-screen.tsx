import { useId, useRef, useState } from 'react';
import type { LibraryProfile } from '../../shared/models/profile';
import { formatDateTime, formatRemaining } from '../components/format';
import { IconBlocked, IconCheck, IconWarning } from '../components/icons';
import { useNow } from '../components/use-now';
import { basisText, dynamicGroupRule, identityText, liveExpiry, signedByText } from '../logic/profile-facts';
import { useBench, useBenchStore } from '../store/store';

function ExpiryBadge({ profile, now, warningHours }: { profile: LibraryProfile; now: number; warningHours: number }) {
  const expiry = liveExpiry(profile, now, warningHours);
  // Unusable comes before any countdown: a tampered profile is red and says why.
  const error = profile.errors[0];
  if (error) return <span className="state-badge tone-bad" data-testid="profile-badge"><IconBlocked /> Unusable: {error.message}</span>;
  if (!profile.isEnrollmentProfile) return <span className="state-badge tone-bad" data-testid="profile-badge"><IconBlocked /> Not an enrollment profile</span>;
  if (expiry.status === 'expired') return <span className="state-badge tone-bad"><IconBlocked /> Expired</span>;
  if (expiry.status === 'expiring') return <span className="state-badge tone-warn"><IconWarning /> Expiring: {formatRemaining(expiry.remainingMs)} left</span>;
  return <span className="state-badge tone-ok"><IconCheck /> Valid: {formatRemaining(expiry.remainingMs)} left</span>;
}

function ProfileRow({ profile, chosen, now, warningHours }: { profile: LibraryProfile; chosen: boolean; now: number; warningHours: number }) {
  const store = useBenchStore();
  const [open, setOpen] = useState(false);
  const expiry = liveExpiry(profile, now, warningHours);
  const usable = profile.isEnrollmentProfile && profile.errors.length === 0 && expiry.status !== 'expired';
  const findings = [...profile.errors, ...profile.warnings];
  const detailsId = useId();
  return (
    <li className={`profile-row${chosen ? ' chosen' : ''}`} data-testid="profile-row">
      <div className="profile-row-main">
        <div>
          <h3>
            {profile.displayName ?? profile.fileName} {chosen && <span className="pill pill-ok">Chosen</span>}{' '}
            {!profile.freshestInGroup && <span className="pill pill-warn">Older copy</span>}
          </h3>
          <p className="muted">
            {profile.isEnrollmentProfile ? `${profile.organization ?? 'No organisation'} · ${profile.enrollment?.serverHost || 'no MDM host'} · ${identityText(profile)}` : `Not an enrollment profile: ${profile.notEnrollmentReason ?? 'see findings'}`}
          </p>
          <p className="muted small">
            {expiry.status === 'expired' ? 'Expired' : 'Valid until'} {formatDateTime(expiry.expiresAt)} · {basisText(expiry)} · {signedByText(profile)}
          </p>
        </div>
        <div className="profile-row-side">
          <ExpiryBadge profile={profile} now={now} warningHours={warningHours} />
          <div className="actions">
            {!chosen && (
              <button type="button" className="button small primary" disabled={!usable} onClick={() => store.getState().chooseProfileWithUndo(profile.id)}>
                Choose
              </button>
            )}
            <button type="button" className="button small" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
              Details{findings.length ? ` (${findings.length})` : ''}
            </button>
            <button
              type="button"
              className="button small danger"
              onClick={() =>
                store.getState().deferWithUndo(`Removing ${profile.displayName ?? profile.fileName} from the library (staged copies on Macs are not touched).`, () => store.getState().removeProfile(profile.id))
              }
            >
              Remove
            </button>
          </div>
        </div>
      </div>
      {open && (
        <div id={detailsId} className="profile-details">
          <dl className="facts">
            <dt>File</dt><dd>{profile.fileName} ({profile.format}, {profile.sizeBytes.toLocaleString()} bytes)</dd>
            <dt>Identifier</dt><dd><code>{profile.identifier ?? '—'}</code></dd>
            <dt>sha256</dt><dd><code>{profile.sha256}</code></dd>
            <dt>MDM server</dt><dd><code>{profile.enrollment?.serverUrl ?? '—'}</code></dd>
            <dt>Payloads</dt><dd>{profile.payloads.map((p) => p.type).join(', ') || '—'}</dd>
          </dl>
          {findings.length > 0 ? (
            <ul className="findings">
              {findings.map((f, i) => (
                <li key={`${f.code}-${i}`} className={`finding finding-${f.severity}`}>
                  <strong>{f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Note'}:</strong> {f.message} <code>{f.code}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No problems found.</p>
          )}
        </div>
      )}
    </li>
  );
}

/** The Entra dynamic group rule for the chosen profile, editable because Intune's profile name may differ. */
function DynamicGroupRule({ profile }: { profile: LibraryProfile }) {
  const [name, setName] = useState(profile.displayName ?? '');
  const notify = useBench((s) => s.notify);
  const id = useId();
  const rule = dynamicGroupRule(name);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Entra dynamic group rule</h3>
      <p className="hint">Use the enrollment profile’s name as it appears in Intune (it usually matches the file’s display name).</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Intune enrollment profile name</label>
          <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
      </div>
      <div className="rule-box">
        <code data-testid="dynamic-group-rule">{rule}</code>
        <button
          type="button"
          className="button small"
          onClick={() => void navigator.clipboard?.writeText(rule).then(() => notify('success', 'Rule copied.'), () => notify('error', 'Could not copy: select the rule and copy it.'))}
        >
          Copy
        </button>
      </div>
    </section>
  );
}

/** `ms` as a datetime-local field's value (local time, to the minute). */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Import, inspect, choose and remove enrollment profiles. */
export function ProfilesScreen() {
  const store = useBenchStore();
  const profiles = useBench((s) => s.profiles);
  const chosenId = useBench((s) => s.chosenProfileId);
  const warningHours = useBench((s) => s.warningHours);
  const now = useNow(30_000);
  const [downloadedAt, setDownloadedAt] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const ids = { file: useId(), date: useId() };
  const chosen = profiles.find((p) => p.id === chosenId) ?? null;
  // A download date cannot be in the future (the field's own picker greys those days out).
  const maxDate = localInputValue(now);

  const importFiles = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      await store.getState().importProfileFile(file, downloadedAt ? new Date(downloadedAt).toISOString() : null);
    }
    if (input.current) input.current.value = '';
  };

  return (
    <section className="screen profiles-screen" aria-labelledby="profiles-title">
      <header className="screen-header">
        <h2 id="profiles-title">Profiles</h2>
        <p className="muted">An Intune enrollment profile is valid for two weeks after it is downloaded.</p>
      </header>
      <div className="panel import-panel">
        <div className="import-row">
          <div className="field">
            <label htmlFor={ids.file}>Import a .mobileconfig exported from Intune</label>
            <input
              ref={input}
              id={ids.file}
              className="file-picker"
              type="file"
              accept=".mobileconfig,application/x-apple-aspen-config"
              multiple
              onChange={(e) => void importFiles(e.target.files)}
              aria-describedby={`${ids.file}-hint`}
              aria-keyshortcuts="Control+O Meta+O"
              data-testid="profile-file-input"
            />
            <p className="hint" id={`${ids.file}-hint`}>Or drop the file anywhere on this window.</p>
          </div>
          <div className="field">
            <label htmlFor={ids.date}>Downloaded at</label>
            <input id={ids.date} className="date-field" type="datetime-local" value={downloadedAt} max={maxDate} onChange={(e) => setDownloadedAt(e.target.value)} aria-describedby={`${ids.date}-hint`} />
            <p className="hint" id={`${ids.date}-hint`}>Only if the bench cannot tell (a copied file): when Intune gave you the file. Leave empty otherwise.</p>
          </div>
          <div className="import-side">
            <button type="button" className="button" onClick={() => void store.getState().purgeExpired()}>Remove expired profiles</button>
          </div>
        </div>
      </div>
      {profiles.length === 0 ? (
        <p className="empty-hint">No profiles yet. In Intune: Devices › Enrollment › Apple › Apple Configurator › Profiles › choose the profile › Export profile › Direct enrollment › Download profile.</p>
      ) : (
        <ul className="profile-list" aria-label="Profile library">
          {profiles.map((p) => (
            <ProfileRow key={p.id} profile={p} chosen={p.id === chosenId} now={now} warningHours={warningHours} />
          ))}
        </ul>
      )}
      {chosen && <DynamicGroupRule key={chosen.id} profile={chosen} />}
    </section>
  );
}
