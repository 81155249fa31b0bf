import type { TileIcon, TileState } from '../logic/tile-state';
import { IconBlocked, IconCable, IconCheck, IconClock, IconCross, IconReady, IconSeal, IconSpinner, IconUser, IconWarning } from './icons';

const ICONS: Record<TileIcon, (props: { size?: number }) => React.ReactElement> = {
  ready: IconReady,
  spinner: IconSpinner,
  check: IconCheck,
  clock: IconClock,
  user: IconUser,
  cross: IconCross,
  blocked: IconBlocked,
  warning: IconWarning,
  cable: IconCable,
  seal: IconSeal,
};

/**
 * State as colour and icon and words together. `still`: a progress bar beside the badge shows the
 * copy moving, so its spinner stands still. Each spinning icon is a layer of its own that the
 * browser re-layers on every frame anything else on the page changes: with 128 Macs copying, the
 * tiles' spinners were about a quarter of the bench screen's main thread (renderer bench).
 */
export function StateBadge({ state, size = 18, still = false }: { state: TileState; size?: number; still?: boolean }) {
  const Icon = ICONS[state.icon];
  return (
    <span className={`state-badge tone-${state.tone}${state.icon === 'spinner' && !still ? ' spinning' : ''}`} data-testid="state-badge">
      <Icon size={size} />
      <span>{state.word}</span>
    </span>
  );
}
