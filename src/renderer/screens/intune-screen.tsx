import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { CallName, CallRequest, CallResponse } from '../../shared/contract';
import type {
  IntuneEnrollmentProfile,
  IntuneEvidence,
  IntuneSerialUploadResult,
  IntuneSettings,
  IntuneStatus,
  IntuneSyncResult,
} from '../../shared/models/intune';
import { formatDateTime } from '../components/format';
import { dynamicGroupRule } from '../logic/profile-facts';
import { useBench, useBenchStore } from '../store/store';

// The Intune screen (docs/INTUNE.md): settings and sign-in, profiles from Intune, the session's
// serials to Intune and enrollment confirmed by Intune. A screen of its own, so the bench screen
// stays as it is; it reads everything with contract calls and re-reads on intuneChanged. No token
// ever reaches it: the status says whether the bench is signed in, and as whom.

const SYNC_WORDS: Record<IntuneSyncResult['devices'][number]['outcome'], string> = {
  confirmed: 'Enrolled: confirmed by Intune',
  'confirmed-other-profile': 'Enrolled under another profile',
  'already-enrolled': 'Already enrolled',
  'not-yet': 'Not in Intune yet',
  'not-staged': 'Not staged in this session',
};

const UPLOAD_WORDS: Record<IntuneSerialUploadResult['serials'][number]['outcome'], string> = {
  imported: 'Uploaded',
  rejected: 'Refused by Intune',
  'no-answer': 'No answer',
};

function useIntuneCall() {
  const store = useBenchStore();
  return useCallback(
    async <N extends CallName>(method: N, params: CallRequest<N>): Promise<CallResponse<N> | null> => {
      const result = await store.getState().bridge.call(method, params);
      if (result.ok) return result.value;
      store.getState().notifyError(result.error);
      return null;
    },
    [store],
  );
}

function SettingsForm({ settings, envToken, onSaved }: { settings: IntuneSettings; envToken: boolean; onSaved: (s: IntuneSettings) => void }) {
  const call = useIntuneCall();
  const [draft, setDraft] = useState(settings);
  const id = useId();
  useEffect(() => setDraft(settings), [settings]);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await call('updateIntuneSettings', draft);
    if (saved) onSaved(saved);
  };
  return (
    <section className="panel form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Connection</h3>
      <form className="form" onSubmit={(e) => void onSubmit(e)}>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
            Intune on (off: the bench never touches the network)
          </label>
          {envToken && !draft.enabled && (
            <p className="hint">On for this run anyway: ENROLLMENT_BENCH_GRAPH_TOKEN is set where the bench was started.</p>
          )}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-tenant`}>Directory (tenant) ID</label>
            <input
              id={`${id}-tenant`}
              type="text"
              maxLength={100}
              value={draft.tenantId}
              onChange={(e) => setDraft({ ...draft, tenantId: e.target.value.trim() })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-client`}>Application (client) ID</label>
            <input
              id={`${id}-client`}
              type="text"
              maxLength={100}
              value={draft.clientId}
              onChange={(e) => setDraft({ ...draft, clientId: e.target.value.trim() })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-cloud`}>Cloud</label>
            <select
              id={`${id}-cloud`}
              value={draft.cloud}
              onChange={(e) => setDraft({ ...draft, cloud: e.target.value === 'usgov' ? 'usgov' : 'public' })}
            >
              <option value="public">Public</option>
              <option value="usgov">US Government</option>
            </select>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-interval`}>Look for enrolled Macs every (seconds)</label>
            <input
              id={`${id}-interval`}
              type="number"
              min={30}
              max={3600}
              value={draft.syncIntervalSeconds}
              onChange={(e) => setDraft({ ...draft, syncIntervalSeconds: Number(e.target.value) || 30 })}
            />
          </div>
        </div>
        <div className="field checkbox">
          <label>
            <input
              type="checkbox"
              checked={draft.autoRefreshExpiring}
              onChange={(e) => setDraft({ ...draft, autoRefreshExpiring: e.target.checked })}
            />
            Download an expiring profile again by itself while following a session
          </label>
        </div>
        <p className="hint">The app registration a tenant admin creates, and what is sent and stored: docs/INTUNE.md.</p>
        <div className="actions">
          <button type="submit" className="button primary">
            Save Intune settings
          </button>
        </div>
      </form>
    </section>
  );
}

function SignInPanel({ status, browser }: { status: IntuneStatus; browser: boolean }) {
  const call = useIntuneCall();
  const id = useId();
  const pending = status.pendingSignIn;
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="intune-sign-in">
      <h3 id={`${id}-title`}>Sign-in</h3>
      {status.signedIn ? (
        <p>
          Signed in{status.credential === 'env-token' ? ' with ENROLLMENT_BENCH_GRAPH_TOKEN' : status.account ? ` as ${status.account}` : ''}. Tokens
          are kept {status.tokenStorage === 'keychain' ? 'in the keychain' : 'in memory only, until the bench stops'}.
        </p>
      ) : pending ? (
        <div role="status">
          <p>
            Open <strong>{pending.verificationUri}</strong> on any device and enter the code
          </p>
          <p className="device-code" data-testid="device-code">
            {pending.userCode}
          </p>
          <p className="hint">The code works until {formatDateTime(pending.expiresAt)}.</p>
        </div>
      ) : (
        <p className="muted">Not signed in.</p>
      )}
      <div className="actions">
        {!status.signedIn && !pending && (
          <button
            type="button"
            className="button primary"
            disabled={!status.enabled}
            onClick={() => void call('intuneSignIn', { method: browser ? 'browser' : 'device-code' })}
          >
            Sign in to Intune
          </button>
        )}
        {(status.signedIn || pending) && status.credential !== 'env-token' && (
          <button type="button" className="button" onClick={() => void call('intuneSignOut', {})}>
            Sign out
          </button>
        )}
      </div>
    </section>
  );
}

function GroupRule({ name }: { name: string }) {
  const notify = useBench((s) => s.notify);
  const rule = dynamicGroupRule(name);
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Entra dynamic group rule for “{name}”</label>
      <div className="field-row">
        <input id={id} type="text" readOnly value={rule} data-testid="intune-group-rule" />
        <button
          type="button"
          className="button small"
          onClick={() =>
            void navigator.clipboard?.writeText(rule).then(
              () => notify('success', 'Rule copied.'),
              () => notify('error', 'Could not copy: select the rule and copy it.'),
            )
          }
        >
          Copy rule
        </button>
      </div>
    </div>
  );
}

function ProfilesPanel({ status }: { status: IntuneStatus }) {
  const call = useIntuneCall();
  const store = useBenchStore();
  const notify = useBench((s) => s.notify);
  const [profiles, setProfiles] = useState<readonly IntuneEnrollmentProfile[] | null>(null);
  const id = useId();
  const fetchOne = async (profile: IntuneEnrollmentProfile, choose: boolean) => {
    const result = await call('fetchIntuneProfile', { intuneProfileId: profile.id });
    if (!result) return;
    const downloaded = `Downloaded “${result.intuneProfileName}” from Intune at ${formatDateTime(result.downloadedAt)}`;
    const bench = store.getState();
    if (choose && bench.macsLostByChoosing(result.profileId) > 0) {
      // Chosen as on the Profiles screen: ending a session with Macs waits a few seconds, with Undo.
      notify('success', `${downloaded}.`);
      await bench.loadProfiles();
      store.getState().chooseProfileWithUndo(result.profileId);
      return;
    }
    if (choose) await bench.chooseProfile(result.profileId);
    notify('success', `${downloaded}${choose && store.getState().chosenProfileId === result.profileId ? ' and chose it' : ''}.`);
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Profiles from Intune</h3>
      {status.refreshOffer && (
        <div className="banner banner-warn" role="alert" data-testid="intune-refresh-offer">
          <p>
            The chosen profile “{status.refreshOffer.intuneProfileName}” {status.refreshOffer.status === 'expired' ? 'expired' : 'expires'} at{' '}
            {formatDateTime(status.refreshOffer.expiresAt)}.
          </p>
          <button
            type="button"
            className="button primary small"
            onClick={() =>
              void call('refreshIntuneProfile', {}).then(
                (r) => r && notify('success', `Fresh copy downloaded; valid until ${formatDateTime(r.expiresAt)}. The session now uses it.`),
              )
            }
          >
            Download a fresh copy
          </button>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={!status.signedIn}
          onClick={() => void call('listIntuneProfiles', {}).then((r) => r && setProfiles(r.profiles))}
        >
          {profiles ? 'Reload' : 'Show'} Apple Configurator profiles
        </button>
      </div>
      {profiles && profiles.length === 0 && <p className="muted">Intune has no Apple Configurator enrollment profiles.</p>}
      {profiles && profiles.length > 0 && (
        <ul className="intune-profiles" aria-label="Apple Configurator enrollment profiles in Intune">
          {profiles.map((p) => (
            <li key={p.id} data-testid="intune-profile">
              <span>
                <strong>{p.displayName}</strong>
                {p.description && <span className="muted"> · {p.description}</span>}
              </span>
              <span className="actions">
                <button type="button" className="button small" onClick={() => void fetchOne(p, false)}>
                  Download
                </button>
                <button type="button" className="button small primary" onClick={() => void fetchOne(p, true)}>
                  Download and choose
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {status.chosenIntuneProfile && <GroupRule name={status.chosenIntuneProfile.intuneProfileName} />}
    </section>
  );
}

function SessionPanel({ status, version }: { status: IntuneStatus; version: number }) {
  const call = useIntuneCall();
  const session = useBench((s) => s.session);
  const targets = useBench((s) => s.targets);
  const [upload, setUpload] = useState<IntuneSerialUploadResult | null>(null);
  const [sync, setSync] = useState<IntuneSyncResult | null>(null);
  const [evidence, setEvidence] = useState<readonly IntuneEvidence[]>([]);
  const id = useId();
  const sessionId = session?.id ?? null;
  useEffect(() => {
    if (!sessionId) return setEvidence([]);
    let live = true;
    void call('listIntuneEvidence', { sessionId }).then((e) => live && e && setEvidence(e));
    return () => {
      live = false;
    };
  }, [call, sessionId, version]);
  const nameOf = (targetId: string) => targets[targetId]?.name ?? targetId;
  const polling = status.polling;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>This session</h3>
      {!session ? (
        <p className="muted">No open session: stage a Mac first.</p>
      ) : (
        <>
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={!status.signedIn}
              onClick={() => void call('uploadIntuneSerials', { sessionId: session.id }).then((r) => r && setUpload(r))}
            >
              Upload serials to Intune
            </button>
            <button
              type="button"
              className="button"
              disabled={!status.signedIn}
              onClick={() => void call('syncIntuneEnrollment', { sessionId: session.id }).then((r) => r && setSync(r))}
            >
              Check enrollment in Intune now
            </button>
            <button
              type="button"
              className="button"
              disabled={!status.signedIn}
              aria-pressed={polling.running}
              onClick={() => void call('setIntunePolling', { on: !polling.running })}
            >
              {polling.running ? 'Stop following this session' : 'Follow this session'}
            </button>
          </div>
          <p className="hint" role="status" data-testid="intune-polling">
            {polling.running
              ? `Looking in Intune now and then${polling.nextAt ? `; next look ${formatDateTime(polling.nextAt)}` : ''}${polling.lastErrorCode ? ` (last look failed: ${polling.lastErrorCode})` : ''}.`
              : polling.stoppedBecause === 'all-confirmed'
                ? 'Every Mac of the session is confirmed by Intune.'
                : polling.stoppedBecause === 'session-ended'
                  ? 'Stopped following: the session ended.'
                  : 'Not following the session.'}
          </p>
          {upload && (
            <table className="intune-table" aria-label="Serials uploaded to Intune">
              <thead>
                <tr>
                  <th>Serial</th>
                  <th>Mac</th>
                  <th>Intune</th>
                </tr>
              </thead>
              <tbody>
                {upload.serials.map((s) => (
                  <tr key={s.serial} data-testid="intune-upload-row">
                    <td>{s.serial}</td>
                    <td>{nameOf(s.targetId)}</td>
                    <td>{UPLOAD_WORDS[s.outcome]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {upload && upload.withoutSerial.length > 0 && (
            <p className="hint">Without a serial number, not uploaded: {upload.withoutSerial.join(', ')}.</p>
          )}
          {sync && (
            <p className="hint">
              Checked {formatDateTime(sync.checkedAt)}: {sync.devices.filter((d) => d.outcome === 'not-yet').length} not in Intune yet.
            </p>
          )}
          {evidence.length > 0 && (
            <table className="intune-table" aria-label="Enrollment confirmed by Intune">
              <thead>
                <tr>
                  <th>Mac</th>
                  <th>Serial</th>
                  <th>Enrolled</th>
                  <th>Profile</th>
                  <th>macOS</th>
                </tr>
              </thead>
              <tbody>
                {evidence.map((e) => (
                  <tr key={e.targetId} data-testid="intune-evidence-row" className={e.otherProfile ? 'tone-warn' : undefined}>
                    <td>{nameOf(e.targetId)}</td>
                    <td>{e.serial}</td>
                    <td>{e.enrolledDateTime ? formatDateTime(e.enrolledDateTime) : '—'} (confirmed by Intune)</td>
                    <td>
                      {e.enrollmentProfileName ?? '—'}
                      {e.otherProfile && ` ⚠ not “${e.expectedProfileName ?? ''}”`}
                    </td>
                    <td>{e.osVersion ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {sync && sync.devices.some((d) => d.outcome === 'confirmed-other-profile') && (
            <p className="hint" role="alert">
              {SYNC_WORDS['confirmed-other-profile']}: check the Intune profile these Macs were given.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Intune through Microsoft Graph: optional, online only. */
export function IntuneScreen() {
  const call = useIntuneCall();
  const version = useBench((s) => s.intuneVersion);
  const profilesVersion = useBench((s) => s.chosenProfileId);
  const door = useBench((s) => s.status?.frontDoor);
  const [status, setStatus] = useState<IntuneStatus | null>(null);
  const [settings, setSettings] = useState<IntuneSettings | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all([call('getIntuneStatus', {}), call('getIntuneSettings', {})]).then(([s, t]) => {
      if (!live) return;
      if (s) setStatus(s);
      if (t) setSettings(t);
    });
    return () => {
      live = false;
    };
  }, [call, version, profilesVersion]);
  return (
    <section className="screen" aria-labelledby="intune-title">
      <header className="screen-header">
        <h2 id="intune-title">Intune</h2>
        {status && (
          <span className={status.signedIn ? 'pill pill-ok' : 'pill pill-warn'} data-testid="intune-state">
            {!status.enabled ? 'Off' : status.signedIn ? 'Signed in' : 'Not signed in'}
          </span>
        )}
        <p className="muted">Optional: fresh profiles from Intune, serials to Intune, enrollment confirmed by Intune.</p>
      </header>
      {settings && <SettingsForm settings={settings} envToken={status?.credential === 'env-token'} onSaved={setSettings} />}
      {status && status.enabled && (
        <>
          <SignInPanel status={status} browser={door === 'electron'} />
          <ProfilesPanel status={status} />
          <SessionPanel status={status} version={version} />
        </>
      )}
    </section>
  );
}
