import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { normaliseSerial } from '../../shared/rules/serial-number';
import { createScanDetector } from '../logic/scan-detector';
import { useBench, useBenchStore, type BenchStore } from '../store/store';
import { serialNumberOf, type Target } from '../../shared/models/target';

const serialOfTarget = (target: Target | undefined): string | null => (target ? serialNumberOf(target) : null);

function isEditable(element: EventTarget | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/** Which Mac a serial goes to: the selected Mac, or else the next Mac of the session without one. */
function serialTarget(store: BenchStore): string | null {
  const s = store.getState();
  const selected = s.selectedTargetId;
  const kind = selected ? (s.targets[selected]?.kind ?? s.departed[selected]?.kind) : undefined;
  if (selected && kind === 'mac-volume') return selected;
  return s.nextWithoutSerial(null);
}

/**
 * A serial arrives (scanned or typed) the way a scanning station takes it: the serial of a Mac that
 * awaits approval confirms that Mac (with undo); otherwise it fills the selected Mac or the next one
 * without a serial (the core refuses a serial used by another Mac), and the selection moves on.
 */
export async function takeSerial(store: BenchStore, input: string): Promise<boolean> {
  const s = store.getState();
  const check = normaliseSerial(input);
  if (check.ok) {
    const known = [...s.targetOrder.map((id) => ({ id, serial: serialOfTarget(s.targets[id]) })), ...s.departedOrder.map((id) => ({ id, serial: s.departed[id]?.serialNumber ?? null }))].find(
      (e) => e.serial === check.serial,
    );
    const job = known ? (s.jobs[known.id] ?? s.departed[known.id]?.job ?? null) : null;
    // The Mac came back to the scanner after its person approved the profile: confirm it.
    if (known && job && (job.state === 'awaiting-approval' || (job.state === 'staged' && !s.targets[known.id]))) {
      s.selectTarget(known.id);
      s.markEnrolled([known.id]);
      return true;
    }
  }
  const id = serialTarget(store);
  if (!id) {
    s.notify('error', `Scanned ${input.trim()}, but every Mac of this session has a serial. Select a Mac to change its serial.`);
    return false;
  }
  const ok = await s.setSerial(id, input);
  if (ok) store.getState().selectTarget(store.getState().nextWithoutSerial(id));
  return ok;
}

/**
 * The serial field: in the bench toolbar, so it stays in view. A barcode scan works anywhere on the
 * screen (fast keystrokes ending in Enter), typed serials go into the field.
 */
export function SerialField() {
  const store = useBenchStore();
  // A string, so the field re-renders only when the destination's name changes.
  const destinationName = useBench((s) => {
    const selected = s.selectedTargetId;
    const kind = selected ? (s.targets[selected]?.kind ?? s.departed[selected]?.kind) : undefined;
    const id = selected && kind === 'mac-volume' ? selected : s.nextWithoutSerial(null);
    return id ? (s.targets[id]?.name ?? s.departed[id]?.name ?? id) : null;
  });
  const [value, setValue] = useState('');
  const inputId = useId();
  const detector = useRef(createScanDetector());

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
        detector.current.reset();
        return;
      }
      const scanned = detector.current.key(event.key, event.timeStamp);
      if (scanned === null) return;
      event.preventDefault();
      void takeSerial(store, scanned);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    if (await takeSerial(store, value)) setValue('');
  };

  return (
    <form className="serial-field" onSubmit={(e) => void onSubmit(e)} aria-label="Serial number" data-testid="serial-panel">
      <label htmlFor={inputId}>
        Serial {destinationName !== null ? <>for <b data-testid="serial-destination">{destinationName}</b></> : <span className="muted">(every Mac has one)</span>}
      </label>
      <input
        id={inputId}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder="Scan or type"
        value={value}
        onChange={(e) => setValue(e.target.value.toUpperCase())}
        data-testid="serial-input"
        aria-describedby={`${inputId}-hint`}
      />
      <button type="submit" className="button" disabled={!value.trim()}>Save serial</button>
      <span id={`${inputId}-hint`} className="visually-hidden">A barcode scan works anywhere on this screen: it fills the selected Mac, or else the next Mac without a serial.</span>
    </form>
  );
}
