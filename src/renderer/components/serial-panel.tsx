import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createScanDetector } from '../logic/scan-detector';
import { useBench, useBenchStore } from '../store/store';

function isEditable(element: EventTarget | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/**
 * Serial number for the selected Mac: typed into the field, or scanned from the box label with a
 * barcode scanner from anywhere on the screen (fast keystrokes ending in Enter).
 */
export function SerialPanel() {
  const store = useBenchStore();
  const selectedId = useBench((s) => s.selectedTargetId);
  const target = useBench((s) => (s.selectedTargetId ? s.targets[s.selectedTargetId] : undefined));
  const [value, setValue] = useState('');
  const inputId = useId();
  const detector = useRef(createScanDetector());

  useEffect(() => setValue(''), [selectedId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
        detector.current.reset();
        return;
      }
      const scanned = detector.current.key(event.key, event.timeStamp);
      if (scanned === null) return;
      event.preventDefault();
      const state = store.getState();
      if (!state.selectedTargetId) {
        state.notify('error', `Scanned ${scanned}, but no Mac is selected. Select its tile, then scan again.`);
        return;
      }
      void state.setSerial(state.selectedTargetId, scanned);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [store]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selectedId || !value.trim()) return;
    if (await store.getState().setSerial(selectedId, value)) setValue('');
  };

  return (
    <form className="panel serial-panel" onSubmit={(e) => void onSubmit(e)} aria-label="Serial number">
      <label htmlFor={inputId}>
        Serial number {target ? <>for <b>{target.name}</b></> : <span className="muted">(select a Mac first)</span>}
      </label>
      <input
        id={inputId}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder="Type or scan from the box label"
        value={value}
        disabled={!target}
        onChange={(e) => setValue(e.target.value.toUpperCase())}
        data-testid="serial-input"
      />
      <button type="submit" className="button" disabled={!target || !value.trim()}>Save serial</button>
      <p className="hint">A barcode scan works anywhere on this screen: it goes to the selected Mac.</p>
    </form>
  );
}
