import type { ExpiryInfo } from '../../shared/models/profile';
import { formatDateTime, formatRemaining } from './format';
import { IconBlocked, IconWarning } from './icons';

export const INTUNE_EXPORT_PATH = 'Devices › Enrollment › Apple › Apple Configurator › Profiles › Export profile';

/** Amber when the profile is expiring, red and blocking when it has expired; nothing when valid. */
export function ExpiryBanner({ expiry, large = false }: { expiry: ExpiryInfo; large?: boolean }) {
  if (expiry.status === 'valid') return null;
  if (expiry.status === 'expiring') {
    return (
      <div className={`banner banner-warn${large ? ' banner-large' : ''}`} role="status" data-testid="expiry-banner">
        <IconWarning size={large ? 32 : 20} />
        <div>
          <strong>The profile expires in {formatRemaining(expiry.remainingMs)}</strong> (at {formatDateTime(expiry.expiresAt)}).
          <span> Stage the remaining Macs soon, or download a fresh profile in Intune: {INTUNE_EXPORT_PATH}.</span>
        </div>
      </div>
    );
  }
  return (
    <div className={`banner banner-bad${large ? ' banner-large' : ''}`} role="alert" data-testid="expiry-banner">
      <IconBlocked size={large ? 36 : 20} />
      <div>
        <strong>The profile expired {formatDateTime(expiry.expiresAt)}. Staging is stopped.</strong>
        <span> Download a new profile in Intune: {INTUNE_EXPORT_PATH}, then import it here.</span>
      </div>
    </div>
  );
}
