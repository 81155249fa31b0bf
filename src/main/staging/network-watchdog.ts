import { BenchError } from '../../shared/errors';

// A file-system call on a network volume can hang for as long as the share does not answer (cable
// pulled, Mac restarted, Share Disk stopped): libuv holds the call and nothing times it out. The
// staging of such a target runs under this watchdog: each sign of life (a chunk written, the
// read-back starting) resets it; when none comes within `timeoutMs`, the attempt is given up
// with TARGET_UNRESPONSIVE — that one target fails in seconds while the others go on — and the
// attempt's signal is aborted so that, should the share come back, the stalled copy stops before
// it writes another chunk or renames anything into place.

export interface Watchdog {
  /** A sign of life: the timer starts again. */
  touch(): void;
  /** Aborted when the watchdog fires (or when `parent` is). Pass it to the work. */
  readonly signal: AbortSignal;
  /** Runs `work` until it settles or the watchdog fires, whichever comes first. */
  run<T>(work: Promise<T>): Promise<T>;
}

export function createWatchdog(timeoutMs: number, what: string, parent?: AbortSignal): Watchdog {
  const controller = new AbortController();
  const forward = () => controller.abort();
  parent?.addEventListener('abort', forward, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let fire: (error: BenchError) => void = () => {};
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort();
      fire(new BenchError('TARGET_UNRESPONSIVE', `${what}: no answer within ${Math.round(timeoutMs / 100) / 10} s`));
    }, timeoutMs);
  };
  return {
    touch: arm,
    signal: controller.signal,
    async run<T>(work: Promise<T>): Promise<T> {
      const fired = new Promise<never>((_, reject) => {
        fire = reject;
      });
      arm();
      try {
        return await Promise.race([work, fired]);
      } finally {
        clearTimeout(timer);
        parent?.removeEventListener('abort', forward);
        // The abandoned call settles whenever the share answers; nobody waits for it.
        work.catch(() => {});
      }
    },
  };
}
