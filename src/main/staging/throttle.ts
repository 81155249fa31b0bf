/**
 * Rate-limit a per-key stream of updates at the source: at most one call per `intervalMs` per key,
 * and the last value is always delivered (trailing), so a bar never stops short of 100 %.
 */
export function createKeyedThrottle<T>(
  intervalMs: number,
  deliver: (key: string, value: T) => void,
  clock: { now(): number } = { now: () => Date.now() },
) {
  const last = new Map<string, number>();
  const pending = new Map<string, { value: T; timer: ReturnType<typeof setTimeout> }>();
  return {
    push(key: string, value: T): void {
      const now = clock.now();
      const previous = last.get(key);
      if (previous === undefined || now - previous >= intervalMs) {
        const waiting = pending.get(key);
        if (waiting) {
          clearTimeout(waiting.timer);
          pending.delete(key);
        }
        last.set(key, now);
        deliver(key, value);
        return;
      }
      const waiting = pending.get(key);
      if (waiting) {
        waiting.value = value;
        return;
      }
      const timer = setTimeout(() => {
        const entry = pending.get(key);
        pending.delete(key);
        if (entry) {
          last.set(key, clock.now());
          deliver(key, entry.value);
        }
      }, intervalMs - (now - previous));
      pending.set(key, { value, timer });
    },
    /** Deliver any trailing value for `key` now (used when a job finishes). */
    flush(key: string): void {
      const entry = pending.get(key);
      if (!entry) return;
      clearTimeout(entry.timer);
      pending.delete(key);
      last.set(key, clock.now());
      deliver(key, entry.value);
    },
    /** Drop anything pending (on shutdown). */
    clear(): void {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
  };
}
