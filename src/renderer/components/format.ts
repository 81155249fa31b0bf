// Dates and durations as a technician reads them: local time, no seconds unless they matter.

// Formatters are built once: toLocaleString with options builds a new one on every call, which
// showed in the renderer benchmark's profiles.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const TIME = new Intl.DateTimeFormat(undefined, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function format(formatter: Intl.DateTimeFormat, iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
}

export const formatDateTime = (iso: string | null | undefined): string => format(DATE_TIME, iso);
export const formatTime = (iso: string | null | undefined): string => format(TIME, iso);

/** "5 days 3 hours", "2 h 14 min", "12 min", "expired 3 hours ago". */
export function formatRemaining(ms: number): string {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  let text: string;
  if (days >= 1) text = `${days} day${days === 1 ? '' : 's'} ${hours % 24} h`;
  else if (hours >= 1) text = `${hours} h ${minutes % 60} min`;
  else text = `${Math.max(minutes, 0)} min`;
  return ms < 0 ? `expired ${text} ago` : text;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** "10:42": a time today, as on a wall clock. */
export const formatClock = (iso: string | null | undefined): string => format(CLOCK, iso);
