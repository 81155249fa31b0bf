import { useCallback } from 'react';
import { BenchBar } from '../components/bench-bar';
import { EmptyBench } from '../components/empty-bench';
import { Inspector } from '../components/inspector';
import { ProfileCard } from '../components/profile-card';
import { RosterRows } from '../components/roster-rows';
import { StaleBanner } from '../components/stale-banner';
import { TargetTile } from '../components/target-tile';
import { useNow } from '../components/use-now';
import { liveExpiry } from '../logic/profile-facts';
import { BENCH_LEVEL_CODES } from '../logic/tile-state';
import { useBench, useBenchStore } from '../store/store';

// A selector must return a stable value: a fresh [] each time would re-render forever.
const NO_ROOTS: readonly string[] = [];

/** A finding about the bench rather than one Mac (simulated volumes), said once for the bench. */
function BenchNotice() {
  const message = useBench((s) => {
    for (const id of s.targetOrder) {
      const finding = s.targets[id]?.constraints.find((c) => BENCH_LEVEL_CODES.includes(c.code) && c.severity !== 'error');
      if (finding) return finding.message;
    }
    return null;
  });
  if (!message) return null;
  return (
    <p className="bench-notice" data-testid="bench-notice">
      <b>Simulated Macs.</b> {message.replace(/^This folder is/, 'These folders are')}
    </p>
  );
}

/**
 * Home: which profile goes on the Macs, every attached Mac as a tile, the session's unplugged Macs
 * as rows, and the selected one in the inspector. It re-renders only when targets come or go (or
 * the profile's fitness changes): job and progress events reach just the tile concerned and the
 * toolbar's counts, never this screen and its grid of tiles.
 */
export function BenchScreen() {
  const store = useBenchStore();
  const order = useBench((s) => s.targetOrder);
  const departed = useBench((s) => s.departedOrder.length);
  const profile = useBench((s) => s.profiles.find((p) => p.id === s.chosenProfileId) ?? null);
  const warningHours = useBench((s) => s.warningHours);
  const roots = useBench((s) => s.settings?.mountRoots ?? NO_ROOTS);
  // The inspector takes a column only while a Mac is selected: until then the tiles have the width.
  const inspecting = useBench((s) => s.selectedTargetId !== null && (s.targets[s.selectedTargetId] !== undefined || s.departed[s.selectedTargetId] !== undefined));
  const now = useNow(30_000);

  const expired = profile ? liveExpiry(profile, now, warningHours).status === 'expired' : true;
  const canStage = profile !== null && profile.isEnrollmentProfile && !expired;

  const onMove = useCallback(
    (id: string, key: string) => {
      const ids = store.getState().targetOrder;
      const index = ids.indexOf(id);
      const grid = document.querySelector('.tile-grid');
      const columns = grid ? getComputedStyle(grid).gridTemplateColumns.split(' ').length : 1;
      const delta = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[key as 'ArrowLeft'];
      const next = key === 'Home' ? 0 : key === 'End' ? ids.length - 1 : Math.min(ids.length - 1, Math.max(0, index + (delta ?? 0)));
      const nextId = ids[next];
      if (!nextId) return;
      store.getState().selectTarget(nextId);
      document.querySelector<HTMLElement>(`[data-target-id="${CSS.escape(nextId)}"]`)?.focus();
    },
    [store],
  );

  return (
    <section className="screen bench-screen" aria-labelledby="bench-title">
      <h2 id="bench-title" className="visually-hidden">Bench</h2>
      <ProfileCard />
      <StaleBanner />
      <BenchBar canStage={canStage} />
      <BenchNotice />
      <div className={`bench-body${inspecting ? ' inspecting' : ''}`}>
        <div className="bench-main">
          {order.length === 0 ? (
            departed === 0 ? <EmptyBench roots={roots} /> : <p className="empty-hint">No Mac is plugged in.</p>
          ) : (
            <ul className="tile-grid" aria-label="Attached Macs and drives">
              {order.map((id) => (
                <TargetTile key={id} id={id} canStage={canStage} onMove={onMove} />
              ))}
            </ul>
          )}
          {!inspecting && order.length > 0 && <p className="hint">Select a Mac for every check, where the profile goes on it and what happened to it.</p>}
          <RosterRows />
        </div>
        {inspecting && <Inspector />}
      </div>
    </section>
  );
}
