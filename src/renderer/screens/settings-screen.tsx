import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../shared/models/settings';
import { useBench } from '../store/store';

/** Bench settings; the kiosk section is added by the kiosk screen parts. */
export function SettingsScreen({ children }: { children?: ReactNode }) {
  const settings = useBench((s) => s.settings);
  const save = useBench((s) => s.saveSettings);
  const notify = useBench((s) => s.notify);
  const [draft, setDraft] = useState<Settings | null>(settings);
  const [roots, setRoots] = useState((settings?.mountRoots ?? []).join('\n'));
  const ids = { tech: useId(), roots: useId(), conc: useId(), hours: useId() };

  useEffect(() => {
    setDraft(settings);
    setRoots((settings?.mountRoots ?? []).join('\n'));
  }, [settings]);

  if (!draft) return <p aria-busy="true">Loading settings…</p>;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await save({
      technicianName: draft.technicianName.trim(),
      mountRoots: roots.split('\n').map((r) => r.trim()).filter(Boolean),
      concurrency: draft.concurrency,
      autoStageOnAttach: draft.autoStageOnAttach,
      expiryWarningHours: draft.expiryWarningHours,
      soundCues: draft.soundCues,
      stationAsksSerial: draft.stationAsksSerial,
    });
    if (ok) notify('success', 'Settings saved.');
  };

  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h2 id="settings-title">Settings</h2>
      </header>
      <form className="panel form" onSubmit={(e) => void onSubmit(e)}>
        <div className="field">
          <label htmlFor={ids.tech}>Technician name</label>
          <input id={ids.tech} type="text" maxLength={80} value={draft.technicianName} autoComplete="name" onChange={(e) => setDraft({ ...draft, technicianName: e.target.value })} />
          <p className="hint">Recorded with every session and shown as who confirmed an enrollment.</p>
        </div>
        <div className="field">
          <label htmlFor={ids.roots}>Extra folders to watch for Macs</label>
          <textarea id={ids.roots} rows={3} value={roots} placeholder="/Volumes is always watched on a Mac" onChange={(e) => setRoots(e.target.value)} />
          <p className="hint">One folder per line. Each folder inside it is treated as an attached volume.</p>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.conc}>Macs staged at the same time</label>
            <input id={ids.conc} type="number" min={1} max={64} value={draft.concurrency} onChange={(e) => setDraft({ ...draft, concurrency: Number(e.target.value) || 1 })} />
          </div>
          <div className="field">
            <label htmlFor={ids.hours}>Warn when a profile has less than (hours)</label>
            <input id={ids.hours} type="number" min={1} max={312} value={draft.expiryWarningHours} onChange={(e) => setDraft({ ...draft, expiryWarningHours: Number(e.target.value) || 1 })} />
          </div>
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={draft.autoStageOnAttach} onChange={(e) => setDraft({ ...draft, autoStageOnAttach: e.target.checked })} />
            Stage automatically when a ready Mac is plugged in
          </label>
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={draft.soundCues} onChange={(e) => setDraft({ ...draft, soundCues: e.target.checked })} />
            Play a sound when a Mac is done or needs attention
          </label>
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={draft.stationAsksSerial} onChange={(e) => setDraft({ ...draft, stationAsksSerial: e.target.checked })} />
            Kiosk station: ask for the serial number of each Mac plugged in
          </label>
          <p className="hint">So the Intune corporate identifier list of a kiosk session is complete. A worker can skip a Mac.</p>
        </div>
        <div className="actions">
          <button type="submit" className="button primary">Save settings</button>
        </div>
      </form>
      {children}
    </section>
  );
}
