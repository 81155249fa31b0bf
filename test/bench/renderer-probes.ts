// Probes the renderer benchmark installs in the page with Playwright (addInitScript). Each function
// is serialised and run inside Chromium, so it must be self-contained: no imports, no references to
// anything outside its own body. Only the types below are shared with the benchmark. None of this
// touches product code: it observes the DOM, the frame clock and React's commits from outside.

/** Navigation start → the bench screen showing its data (times from performance.now(), in ms). */
export interface FirstRender {
  /** The last tile (or the empty bench) and the profile card are in the DOM. */
  readonly inDom: number;
  /** The frame that shows them has been produced (next task after its requestAnimationFrame). */
  readonly shown: number;
}

export interface FrameSample {
  /** requestAnimationFrame timestamps (ms). */
  readonly frames: readonly number[];
  /** Durations of long tasks (> 50 ms on the main thread) seen while sampling. */
  readonly longTasks: readonly number[];
}

/** What one pushed event caused in the page. */
export interface EventEffect {
  readonly name: string;
  /** The target the event concerns (null when it names none). */
  readonly targetId: string | null;
  /** React commits caused by the event (0: no selector's value changed). */
  readonly commits: number;
  /** Function components React rendered, in all. */
  readonly componentsRendered: number;
  /** Target tiles rendered, and how many of them were not the event's own target. */
  readonly tilesRendered: number;
  readonly foreignTilesRendered: number;
  readonly benchScreenRendered: number;
  /** DOM mutation records, the tiles they touched, and those outside any tile (counter strip…). */
  readonly mutations: number;
  readonly tilesMutated: number;
  readonly foreignTilesMutated: number;
  readonly mutationsOutsideTiles: number;
}

export interface EffectLog {
  /** False when React never registered with the stand-in DevTools hook: renders were not counted. */
  readonly hookInjected: boolean;
  readonly effects: readonly EventEffect[];
}

/** Records when the bench screen first shows `expectedTiles` tiles (or the empty bench) with its profile. */
export function installFirstRenderProbe(expectedTiles: number): void {
  const w = window as unknown as { __firstRender?: FirstRender };
  const ready = () =>
    document.querySelector('[data-testid="profile-card"]') !== null &&
    (expectedTiles === 0
      ? document.querySelector('[data-testid="empty-bench"]') !== null
      : document.querySelectorAll('li.tile-cell').length === expectedTiles);
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    const inDom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        w.__firstRender = { inDom, shown: performance.now() };
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** window.__frameProbe.start()/stop(): requestAnimationFrame timestamps and long tasks in between. */
export function installFrameProbe(): void {
  let frames: number[] = [];
  let longTasks: number[] = [];
  let running = false;
  let observer: PerformanceObserver | null = null;
  const loop = (t: number) => {
    if (!running) return;
    frames.push(t);
    requestAnimationFrame(loop);
  };
  (window as unknown as { __frameProbe: { start(): void; stop(): FrameSample } }).__frameProbe = {
    start() {
      frames = [];
      longTasks = [];
      running = true;
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask' });
      requestAnimationFrame(loop);
    },
    stop() {
      running = false;
      observer?.takeRecords().forEach((entry) => longTasks.push(entry.duration));
      observer?.disconnect();
      return { frames, longTasks };
    },
  };
}

/**
 * window.__effectProbe.start()/stop(): for each event pushed over the WebSocket, how many React
 * components and tiles rendered and which DOM nodes changed. Attribution is exact because every
 * socket message is its own task: zustand's useSyncExternalStore updates render synchronously in
 * that task's microtasks, so whatever commits before the next message belongs to this one.
 *
 * Renders are counted through a stand-in for React DevTools' global hook, which React DOM (also in
 * production builds) calls on every commit. A function component rendered in a commit when React
 * set its PerformedWork flag (1) on a fiber it cloned in that commit; subtrees React bailed out of
 * keep their previous child fibers, so the walk skips them. A tile is the component whose first DOM
 * element is its li.tile-cell. Install before the app's script runs (addInitScript).
 */
export function installEffectProbe(): void {
  interface Fiber {
    tag: number;
    flags: number;
    child: Fiber | null;
    sibling: Fiber | null;
    alternate: Fiber | null;
    stateNode: unknown;
  }
  interface Accumulator {
    name: string;
    targetId: string | null;
    commits: number;
    componentsRendered: number;
    tiles: Set<string>;
    benchScreenRendered: number;
    mutations: number;
    mutatedTiles: Set<string>;
    mutationsOutsideTiles: number;
  }
  const FUNCTION_COMPONENT_TAGS = new Set([0, 11, 14, 15]);
  const HOST_COMPONENT = 5;
  const PERFORMED_WORK = 1;
  let counting = false;
  let hookInjected = false;
  let current: Accumulator | null = null;
  let effects: EventEffect[] = [];

  const firstElement = (fiber: Fiber): Element | null => {
    let node = fiber.child;
    while (node && node.tag !== HOST_COMPONENT) node = node.child;
    return node && node.stateNode instanceof Element ? node.stateNode : null;
  };

  const countCommit = (root: { current: Fiber }) => {
    const acc = current;
    if (!acc) return;
    acc.commits += 1;
    const stack: Fiber[] = root.current.child ? [root.current.child] : [];
    while (stack.length > 0) {
      for (let fiber: Fiber | null = stack.pop() ?? null; fiber; fiber = fiber.sibling) {
        if (FUNCTION_COMPONENT_TAGS.has(fiber.tag) && (fiber.flags & PERFORMED_WORK) === PERFORMED_WORK) {
          acc.componentsRendered += 1;
          const element = firstElement(fiber);
          if (element?.classList.contains('tile-cell')) {
            acc.tiles.add(element.querySelector('[data-target-id]')?.getAttribute('data-target-id') ?? '?');
          } else if (element?.classList.contains('bench-screen')) {
            acc.benchScreenRendered += 1;
          }
        }
        const reused = fiber.alternate !== null && fiber.child === fiber.alternate.child;
        if (fiber.child && !reused) stack.push(fiber.child);
      }
    }
  };

  const hook = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map<number, unknown>(),
    inject(renderer: unknown) {
      hookInjected = true;
      const id = hook.renderers.size + 1;
      hook.renderers.set(id, renderer);
      return id;
    },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberRoot(_id: number, root: { current: Fiber }) {
      if (counting) countCommit(root);
    },
    onPostCommitFiberRoot() {},
    onCommitFiberUnmount() {},
  };
  Object.defineProperty(window, '__REACT_DEVTOOLS_GLOBAL_HOOK__', { value: hook, configurable: true });

  const attribute = (records: MutationRecord[]) => {
    const acc = current;
    if (!acc) return;
    for (const record of records) {
      const element = record.target instanceof Element ? record.target : record.target.parentElement;
      const tile = element?.closest('[data-target-id]')?.getAttribute('data-target-id') ?? null;
      acc.mutations += 1;
      if (tile) acc.mutatedTiles.add(tile);
      else acc.mutationsOutsideTiles += 1;
    }
  };
  const mutations = new MutationObserver(attribute);

  const finish = () => {
    attribute(mutations.takeRecords());
    const acc = current;
    current = null;
    if (!acc) return;
    const foreign = (ids: Set<string>) => [...ids].filter((id) => id !== acc.targetId).length;
    effects.push({
      name: acc.name,
      targetId: acc.targetId,
      commits: acc.commits,
      componentsRendered: acc.componentsRendered,
      tilesRendered: acc.tiles.size,
      foreignTilesRendered: foreign(acc.tiles),
      benchScreenRendered: acc.benchScreenRendered,
      mutations: acc.mutations,
      tilesMutated: acc.mutatedTiles.size,
      foreignTilesMutated: foreign(acc.mutatedTiles),
      mutationsOutsideTiles: acc.mutationsOutsideTiles,
    });
  };

  const onMessage = (message: MessageEvent) => {
    if (!counting) return;
    finish();
    let frame: { event?: { name?: string; payload?: { targetId?: string; target?: { id?: string } } } };
    try {
      frame = JSON.parse(String(message.data)) as typeof frame;
    } catch {
      return;
    }
    if (!frame.event?.name) return;
    const payload = frame.event.payload;
    current = {
      name: frame.event.name,
      targetId: payload?.targetId ?? payload?.target?.id ?? null,
      commits: 0,
      componentsRendered: 0,
      tiles: new Set(),
      benchScreenRendered: 0,
      mutations: 0,
      mutatedTiles: new Set(),
      mutationsOutsideTiles: 0,
    };
  };

  // Our listener is added when the socket is made, before the bridge sets its onmessage, so it
  // runs first for every message and closes the previous event's account.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', onMessage);
    }
  };

  (window as unknown as { __effectProbe: { start(): void; stop(): EffectLog } }).__effectProbe = {
    start() {
      effects = [];
      counting = true;
      mutations.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    stop() {
      finish();
      counting = false;
      mutations.disconnect();
      return { hookInjected, effects };
    },
  };
}
