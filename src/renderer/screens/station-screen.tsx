import { memo, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { BenchErrorData } from '../../shared/errors';
import type { Job } from '../../shared/models/job';
import { Dialog } from '../components/dialog';
import { ExpiryBanner } from '../components/expiry-banner';
import { formatDateTime, formatRemaining } from '../components/format';
import { IconBlocked } from '../components/icons';
import { playFailure, playSuccess } from '../components/sound-cues';
import { StateBadge } from '../components/state-badge';
import { useNow } from '../components/use-now';
import { liveExpiry } from '../logic/profile-facts';
import { createScanDetector } from '../logic/scan-detector';
import { shiftSummary } from '../logic/shift-summary';
import { supervisorInstruction } from '../logic/supervisor-reason';
import { tileState } from '../logic/tile-state';
import { serialWanted } from '../../shared/rules/serial-number';
import { useBench, useBenchStore } from '../store/store';
import { serialNumberOf } from '../../shared/models/target';

const StationTile = memo(function StationTile({ id }: { id: string }) {
  const target = useBench((s) => s.targets[id]);
  const job = useBench((s) => s.jobs[id] ?? null);
  const progress = useBench((s) => s.progress[id]);
  if (!target) return null;
  const state = tileState(target, job);
  const instruction = state.instruction.startsWith('Call a supervisor') ? supervisorInstruction(target, job) : state.instruction;
  const serial = serialNumberOf(target);
  const percent = state.group === 'staging' && progress && progress.bytesTotal > 0 ? Math.round((progress.bytesWritten / progress.bytesTotal) * 100) : null;
  return (
    <li className={`station-tile tone-fill-${state.tone}`} data-testid="station-tile" data-state={job?.state ?? 'none'}>
      <div className="station-name">{target.name}</div>
      {serial && <div className="station-serial">Serial {serial}</div>}
      <StateBadge state={state} size={44} still={percent !== null} />
      {percent !== null && (
        <div className="progress large" role="progressbar" aria-label={`Copy to ${target.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="progress-bar" style={{ transform: `scaleX(${percent / 100})` }} />
        </div>
      )}
      <div className="station-instruction" data-testid="station-instruction">{instruction}</div>
    </li>
  );
});

function PinDialog({ leave, onClose }: { leave: boolean; onClose: () => void }) {
  const store = useBenchStore();
  const kiosk = useBench((s) => s.kiosk);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<BenchErrorData | null>(null);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refused = await store.getState().submitKioskPin(pin, leave);
    setPin('');
    setError(refused);
    if (!refused) onClose();
  };
  const waiting = kiosk?.backoffUntil ? Date.parse(kiosk.backoffUntil) > Date.now() : false;
  return (
    <Dialog title={leave ? 'Leave kiosk mode' : 'Unlock for an admin'} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-pin`}>Admin PIN</label>
        <input
          id={`${id}-pin`}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error`}
          data-testid="pin-input"
        />
        <div id={`${id}-error`} role="alert" className="pin-error">
          {error && <p className="error-text">{error.message}</p>}
          {waiting && kiosk?.backoffUntil && <p className="error-text">Too many wrong PINs. Try again after {formatDateTime(kiosk.backoffUntil)}.</p>}
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={pin.length < 4}>{leave ? 'Leave kiosk mode' : 'Unlock'}</button>
          <button type="button" className="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * The station asks for the serial of each Mac plugged in (scan or type), so its Intune corporate
 * identifier list is complete; a worker may skip one, and a setting turns the question off.
 */
function StationSerialPrompt() {
  const store = useBenchStore();
  const ask = useBench((s) => s.stationSettings?.stationAsksSerial ?? true);
  const [skipped, setSkipped] = useState<readonly string[]>([]);
  // Only where the serial is of use (shared/rules/serial-number.ts): a Mac that cannot be staged
  // is not asked for, nor one whose staging failed; the supervisor is called for those instead.
  const nextId = useBench(
    (s) =>
      s.targetOrder.find((id) => {
        const target = s.targets[id];
        return target !== undefined && !serialNumberOf(target) && !skipped.includes(id) && serialWanted(s.serialAskFacts(id));
      }) ?? null,
  );
  const name = useBench((s) => (nextId ? (s.targets[nextId]?.name ?? nextId) : null));
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const detector = useRef(createScanDetector());
  const current = useRef(nextId);
  current.current = nextId;

  useEffect(() => {
    setValue('');
    setError(null);
  }, [nextId]);

  const save = async (serial: string) => {
    const target = current.current;
    if (!target) return;
    const ok = await store.getState().setSerial(target, serial);
    if (ok) setValue('');
    else setError(store.getState().tileNotes[target]?.text ?? 'That serial number was not accepted.');
  };

  useEffect(() => {
    if (!ask) return;
    // A scan works whatever has the focus (outside the field: the field takes typed serials).
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return detector.current.reset();
      const scanned = detector.current.key(event.key, event.timeStamp);
      if (scanned === null) return;
      event.preventDefault();
      void save(scanned);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  if (!ask || !nextId) return null;
  return (
    <form
      className="panel station-serial-prompt"
      aria-label="Serial number"
      data-testid="station-serial-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) void save(value);
      }}
    >
      <label htmlFor={id}>Scan the serial number of <b>{name}</b> (on the box label or the bottom of the Mac)</label>
      <div className="station-serial-row">
        <input id={id} type="text" autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value.toUpperCase())} aria-invalid={error ? true : undefined} aria-describedby={`${id}-error`} data-testid="station-serial-input" />
        <button type="submit" className="button primary" disabled={!value.trim()}>Save</button>
        <button type="button" className="button" onClick={() => setSkipped([...skipped, nextId])}>Skip this Mac</button>
      </div>
      <div id={`${id}-error`} role="alert">{error && <p className="error-text">{error}</p>}</div>
    </form>
  );
}

/** This shift's numbers; its own component so that job events do not re-render the station. */
function ShiftSummary() {
  const jobs = useBench((s) => s.jobs);
  const summary = shiftSummary(Object.values(jobs));
  return (
    <dl className="shift-summary" aria-label="This shift" data-testid="shift-summary">
      <div><dt>Staged</dt><dd>{summary.staged}</dd></div>
      <div><dt>Failures</dt><dd>{summary.failures}</dd></div>
      <div><dt>Time per Mac</dt><dd>{summary.medianSeconds === null ? '—' : `${Math.max(1, Math.round(summary.medianSeconds))} s`}</dd></div>
    </dl>
  );
}

/** A gentle cue when a Mac finishes or needs attention (never for what was already so). */
function SoundCues() {
  const jobs = useBench((s) => s.jobs);
  const soundCues = useBench((s) => s.stationSettings?.soundCues ?? false);
  const previous = useRef<Readonly<Record<string, Job>>>(jobs);
  useEffect(() => {
    const before = previous.current;
    previous.current = jobs;
    if (!soundCues) return;
    for (const [id, job] of Object.entries(jobs)) {
      if (before[id]?.state === job.state) continue;
      if (job.state === 'staged') playSuccess();
      else if (job.state === 'failed' || job.state === 'blocked') playFailure();
    }
  }, [jobs, soundCues]);
  return null;
}

/** Kiosk: one full-screen station. Plug a Mac in, watch it turn green, unplug it, next. */
export function StationScreen({ onOpenAdmin }: { onOpenAdmin: () => void }) {
  const order = useBench((s) => s.targetOrder);
  const profile = useBench((s) => s.profiles.find((p) => p.id === s.chosenProfileId) ?? null);
  const warningHours = useBench((s) => s.warningHours);
  const kiosk = useBench((s) => s.kiosk);
  const store = useBenchStore();
  const now = useNow(15_000);
  const [dialog, setDialog] = useState<'unlock' | 'leave' | null>(null);
  // The station opens at its top, whatever the page it replaced was scrolled to.
  useEffect(() => window.scrollTo(0, 0), []);

  const expiry = profile ? liveExpiry(profile, now, warningHours) : null;
  const unlocked = kiosk?.enabled && !kiosk.locked;

  if (!profile || expiry?.status === 'expired') {
    return (
      <section className="station station-stopped" aria-labelledby="station-stop" data-testid="station-stopped">
        <IconBlocked size={96} />
        <h2 id="station-stop">Call a supervisor</h2>
        <p>{profile ? `The enrollment profile expired ${formatDateTime(expiry?.expiresAt)}. Staging has stopped.` : 'No enrollment profile is chosen. Staging has stopped.'}</p>
        {unlocked ? (
          <div className="actions">
            <button type="button" className="button" onClick={onOpenAdmin}>Profiles and settings</button>
            <button type="button" className="button" onClick={() => setDialog('leave')}>Leave kiosk mode</button>
            <button type="button" className="button" onClick={() => void store.getState().lockKiosk()}>Lock</button>
          </div>
        ) : (
          <button type="button" className="button" onClick={() => setDialog('unlock')}>Supervisor: unlock</button>
        )}
        {dialog && <PinDialog leave={dialog === 'leave'} onClose={() => setDialog(null)} />}
      </section>
    );
  }

  return (
    <section className="station" aria-labelledby="station-title">
      <SoundCues />
      <header className="station-header">
        <div>
          <h2 id="station-title">{profile.displayName ?? profile.fileName}</h2>
          <p>Valid for {formatRemaining(expiry?.remainingMs ?? 0)} more · until {formatDateTime(expiry?.expiresAt)}</p>
        </div>
        <ShiftSummary />
        <div className="station-admin">
          {unlocked ? (
            <>
              <span className="pill pill-warn">Unlocked</span>
              <button type="button" className="button" onClick={onOpenAdmin}>Settings</button>
              <button type="button" className="button" onClick={() => setDialog('leave')}>Leave kiosk mode</button>
              <button type="button" className="button" onClick={() => void store.getState().lockKiosk()}>Lock</button>
            </>
          ) : (
            <button type="button" className="button subtle" onClick={() => setDialog('unlock')}>Admin</button>
          )}
        </div>
      </header>
      {expiry && <ExpiryBanner expiry={expiry} large />}
      <StationSerialPrompt />
      {order.length === 0 ? (
        <div className="station-empty">
          <p>Plug in a Mac.</p>
          <p className="muted">Apple silicon: Recovery › Utilities › Share Disk. Intel: start holding T.</p>
        </div>
      ) : (
        <ul className="station-grid" aria-label="Macs on this station">
          {order.map((id) => (
            <StationTile key={id} id={id} />
          ))}
        </ul>
      )}
      {dialog && <PinDialog leave={dialog === 'leave'} onClose={() => setDialog(null)} />}
    </section>
  );
}
