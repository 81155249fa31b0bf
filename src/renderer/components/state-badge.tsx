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

/** State as colour and icon and words together. */
export function StateBadge({ state, size = 18 }: { state: TileState; size?: number }) {
  const Icon = ICONS[state.icon];
  return (
    <span className={`state-badge tone-${state.tone}${state.icon === 'spinner' ? ' spinning' : ''}`} data-testid="state-badge">
      <Icon size={size} />
      <span>{state.word}</span>
    </span>
  );
}
