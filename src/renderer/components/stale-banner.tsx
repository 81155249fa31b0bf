import { useEffect } from 'react';
import { useBench, useBenchStore } from '../store/store';
import { formatDateTime } from './format';
import { IconWarning } from './icons';

/**
 * Macs that were staged with a profile which has expired since, and were never confirmed
 * enrolled: the file waiting on them can no longer enroll them. Re-checked every minute, since
 * profiles expire while the bench sits open.
 */
export function StaleBanner() {
  const store = useBenchStore();
  const stale = useBench((s) => s.staleStaged);
  useEffect(() => {
    const timer = setInterval(() => void store.getState().loadStaleStaged(), 60_000);
    return () => clearInterval(timer);
  }, [store]);
  if (stale.length === 0) return null;
  const latest = stale.reduce((a, b) => (a.expiredAt > b.expiredAt ? a : b));
  return (
    <div className="banner banner-warn" role="status" data-testid="stale-banner">
      <IconWarning size={20} />
      <div>
        <strong>
          {stale.length} Mac{stale.length === 1 ? ' was' : 's were'} staged with a profile that has expired since (last on {formatDateTime(latest.expiredAt)}).
        </strong>
        <span> Unless they were enrolled before then, plug them in again and stage the current profile. The log lists them (state “staged”).</span>
      </div>
    </div>
  );
}
