import type { Target, TargetEvent } from '../../shared/models/target';
import type { TargetSource } from './staging-service';

// The targets staging works on: the scanner's live view when watching, else the last look a call
// took (CLI `stage` rescans first). Each target is shown with the serial recorded for it in this
// session (typed or scanned), which discovery itself cannot know.

export interface TargetRegistry {
  /** What the staging service reads. */
  readonly source: TargetSource;
  /** Replace everything with a fresh look (listTargets / rescan); returns them with serials. */
  remember(list: readonly Target[]): Target[];
  /** Follow one scanner event; returns it with the target's recorded serial. */
  apply(event: TargetEvent): TargetEvent;
  /** A known target with its recorded serial, or null. */
  shown(id: string): Target | null;
}

export function createTargetRegistry(serialOf: (targetId: string) => string | null): TargetRegistry {
  const known = new Map<string, Target>();
  const overlay = (target: Target): Target => {
    // A carrier drive is not a Mac: it has no serial to show.
    if (target.kind === 'carrier') return target;
    const serial = serialOf(target.id);
    return serial && serial !== target.serialNumber ? { ...target, serialNumber: serial } : target;
  };
  return {
    source: { list: () => [...known.values()], get: (id) => known.get(id) ?? null },
    remember(list) {
      known.clear();
      for (const target of list) known.set(target.id, target);
      return list.map(overlay);
    },
    apply(event) {
      if (event.type === 'detach') known.delete(event.target.id);
      else known.set(event.target.id, event.target);
      return { ...event, target: overlay(event.target) };
    },
    shown(id) {
      const target = known.get(id);
      return target ? overlay(target) : null;
    },
  };
}
