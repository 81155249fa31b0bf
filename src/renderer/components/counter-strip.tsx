import type { Counts } from '../logic/tile-state';

const ITEMS: ReadonlyArray<{ key: keyof Counts; label: string; tone: string }> = [
  { key: 'ready', label: 'Ready', tone: 'ready' },
  { key: 'staging', label: 'Staging', tone: 'busy' },
  { key: 'staged', label: 'Staged', tone: 'ok' },
  { key: 'awaiting', label: 'Awaiting approval', tone: 'ok' },
  { key: 'enrolled', label: 'Enrolled', tone: 'ok' },
  { key: 'failed', label: 'Failed or blocked', tone: 'bad' },
];

export function CounterStrip({ counts }: { counts: Counts }) {
  return (
    <ul className="counter-strip" aria-label="Counts">
      {ITEMS.map((item) => (
        <li key={item.key} className={`counter tone-${item.tone}`} data-testid={`count-${item.key}`}>
          {item.key === 'awaiting' && counts.awaiting > 0 ? (
            // The Macs awaiting approval are unplugged: their rows may be below the tiles.
            <button type="button" className="counter-jump" onClick={() => document.querySelector('[data-testid="roster"]')?.scrollIntoView({ block: 'start' })} title="Show the Macs awaiting approval">
              <span className="counter-value">{counts[item.key]}</span>
              <span className="counter-label">{item.label}</span>
            </button>
          ) : (
            <>
              <span className="counter-value">{counts[item.key]}</span>
              <span className="counter-label">{item.label}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
