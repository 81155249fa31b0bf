import { useId, useState, type FormEvent } from 'react';
import { useBench, useBenchStore } from '../store/store';

/** Settings › Kiosk mode: the admin PIN (kept as a hash in the core, never sent back) and entering kiosk. */
export function KioskSettings() {
  const store = useBenchStore();
  const kiosk = useBench((s) => s.kiosk);
  const profileChosen = useBench((s) => s.chosenProfileId !== null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const id = useId();
  if (!kiosk) return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      store.getState().notify('error', 'The two new PINs are not the same.');
      return;
    }
    if (await store.getState().setKioskPin(next, kiosk.pinSet ? current : null)) {
      setCurrent('');
      setNext('');
      setRepeat('');
    }
  };
  const digits = (value: string) => value.replace(/\D/g, '').slice(0, 12);

  return (
    <section className="panel form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Kiosk mode</h3>
      <p className="hint">
        A full-screen station for warehouse staff: Macs are staged as soon as they are plugged in, and nobody can change the profile or
        settings without the admin PIN. {kiosk.pinSet ? 'An admin PIN is set.' : 'Set an admin PIN first.'}
      </p>
      <form className="form" onSubmit={(e) => void onSubmit(e)}>
        <div className="field-row">
          {kiosk.pinSet && (
            <div className="field">
              <label htmlFor={`${id}-cur`}>Current PIN</label>
              <input id={`${id}-cur`} type="password" inputMode="numeric" autoComplete="off" value={current} onChange={(e) => setCurrent(digits(e.target.value))} />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-new`}>{kiosk.pinSet ? 'New PIN' : 'Admin PIN'} (4–12 digits)</label>
            <input id={`${id}-new`} type="password" inputMode="numeric" autoComplete="new-password" value={next} onChange={(e) => setNext(digits(e.target.value))} data-testid="new-pin" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-rep`}>Repeat the PIN</label>
            <input id={`${id}-rep`} type="password" inputMode="numeric" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(digits(e.target.value))} data-testid="repeat-pin" />
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={next.length < 4}>{kiosk.pinSet ? 'Change PIN' : 'Set PIN'}</button>
          <button
            type="button"
            className="button primary"
            disabled={!kiosk.pinSet || kiosk.enabled || !profileChosen}
            onClick={() => void store.getState().enterKiosk()}
            data-testid="enter-kiosk"
          >
            Start kiosk mode
          </button>
        </div>
        {!profileChosen && <p className="hint">Choose the profile the station stages before starting kiosk mode.</p>}
      </form>
    </section>
  );
}
