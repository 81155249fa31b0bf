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
  /** WebSocket messages the page handled while sampling. */
  readonly messages: number;
  /** When sampling started and stopped, and when each of those messages came (performance.now(), ms). */
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly messageTimes: readonly number[];
}

/** What one React commit did, and which pushed events came in since the commit before it. */
export interface CommitEffect {
  /** Pushed events received since the previous commit, by name. */
  readonly events: Readonly<Record<string, number>>;
  /** Function components React rendered, in all. */
  readonly componentsRendered: number;
  /** Target tiles rendered, and how many of them no event received (and not yet rendered) named. */
  readonly tilesRendered: number;
  readonly unnamedTilesRendered: number;
  readonly benchScreenRendered: number;
  /** DOM mutation records, the tiles they touched (unnamed as above), and those outside any tile. */
  readonly mutations: number;
  readonly tilesMutated: number;
  readonly unnamedTilesMutated: number;
  readonly mutationsOutsideTiles: number;
}

export interface EffectLog {
  /** False when React never registered with the stand-in DevTools hook: renders were not counted. */
  readonly hookInjected: boolean;
  /** Every pushed event received while counting, by name. */
  readonly events: Readonly<Record<string, number>>;
  readonly commits: readonly CommitEffect[];
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

/**
 * window.__frameProbe.start()/stop(): requestAnimationFrame timestamps, long tasks and WebSocket
 * messages handled in between. Install before the app's script runs (addInitScript).
 */
export function installFrameProbe(): void {
  let frames: number[] = [];
  let longTasks: number[] = [];
  let messages = 0;
  let messageTimes: number[] = [];
  let startedAt = 0;
  let running = false;
  const countMessage = () => {
    if (!running) return;
    messages += 1;
    messageTimes.push(performance.now());
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', countMessage);
    }
  };
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
      messages = 0;
      messageTimes = [];
      startedAt = performance.now();
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
      return { frames, longTasks, messages, startedAt, stoppedAt: performance.now(), messageTimes };
    },
  };
}

/**
 * window.__effectProbe.start()/stop(): for each React commit, how many components and tiles
 * rendered, which DOM nodes changed, and which pushed events came in since the commit before. A
 * tile rendered or changed although no event received since its last render named its target is a
 * tile disturbed by someone else's event. This holds whether the renderer applies each event in its
 * own task or batches several into one update.
 *
 * Renders are counted through a stand-in for React DevTools' global hook, which React DOM (also in
 * production builds) calls after every commit. A function component rendered in a commit when React
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
  const FUNCTION_COMPONENT_TAGS = new Set([0, 11, 14, 15]);
  const HOST_COMPONENT = 5;
  const PERFORMED_WORK = 1;
  let counting = false;
  /** Armed at the first commit after start(): what was pending before start() is applied by then. */
  let armed = false;
  let hookInjected = false;
  let events: Record<string, number> = {};
  let sinceCommit: Record<string, number> = {};
  /** Targets named by events received and not yet seen rendered. */
  let named = new Set<string>();
  let commits: CommitEffect[] = [];

  const firstElement = (fiber: Fiber): Element | null => {
    let node = fiber.child;
    while (node && node.tag !== HOST_COMPONENT) node = node.child;
    return node && node.stateNode instanceof Element ? node.stateNode : null;
  };
  const tileOf = (node: Node): string | null => {
    const element = node instanceof Element ? node : node.parentElement;
    return element?.closest('[data-target-id]')?.getAttribute('data-target-id') ?? null;
  };

  const mutations = new MutationObserver(() => {});

  const countCommit = (root: { current: Fiber }) => {
    if (!armed) {
      mutations.takeRecords();
      armed = true;
      sinceCommit = {};
      named = new Set();
      return;
    }
    let componentsRendered = 0;
    let benchScreenRendered = 0;
    const tiles = new Set<string>();
    const stack: Fiber[] = root.current.child ? [root.current.child] : [];
    while (stack.length > 0) {
      for (let fiber: Fiber | null = stack.pop() ?? null; fiber; fiber = fiber.sibling) {
        if (FUNCTION_COMPONENT_TAGS.has(fiber.tag) && (fiber.flags & PERFORMED_WORK) === PERFORMED_WORK) {
          componentsRendered += 1;
          const element = firstElement(fiber);
          if (element?.classList.contains('tile-cell')) tiles.add(element.querySelector('[data-target-id]')?.getAttribute('data-target-id') ?? '?');
          else if (element?.classList.contains('bench-screen')) benchScreenRendered += 1;
        }
        const reused = fiber.alternate !== null && fiber.child === fiber.alternate.child;
        if (fiber.child && !reused) stack.push(fiber.child);
      }
    }
    // The commit has applied its DOM changes by now: they are this commit's.
    const records = mutations.takeRecords();
    const mutatedTiles = new Set<string>();
    let outside = 0;
    for (const record of records) {
      const tile = tileOf(record.target);
      if (tile) mutatedTiles.add(tile);
      else outside += 1;
    }
    const unnamed = (ids: Set<string>) => [...ids].filter((id) => !named.has(id)).length;
    const effect: CommitEffect = {
      events: sinceCommit,
      componentsRendered,
      tilesRendered: tiles.size,
      unnamedTilesRendered: unnamed(tiles),
      benchScreenRendered,
      mutations: records.length,
      tilesMutated: mutatedTiles.size,
      unnamedTilesMutated: unnamed(mutatedTiles),
      mutationsOutsideTiles: outside,
    };
    commits.push(effect);
    sinceCommit = {};
    for (const id of tiles) named.delete(id);
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

  const onMessage = (message: MessageEvent) => {
    if (!counting) return;
    let frame: { event?: { name?: string; payload?: { targetId?: string; target?: { id?: string } } } };
    try {
      frame = JSON.parse(String(message.data)) as typeof frame;
    } catch {
      return;
    }
    const name = frame.event?.name;
    if (!name) return;
    if (armed) events[name] = (events[name] ?? 0) + 1;
    sinceCommit[name] = (sinceCommit[name] ?? 0) + 1;
    const targetId = frame.event?.payload?.targetId ?? frame.event?.payload?.target?.id;
    if (targetId) named.add(targetId);
  };

  // Our listener is added when the socket is made, before the bridge sets its onmessage, so it
  // sees every message before the app does.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', onMessage);
    }
  };

  (window as unknown as { __effectProbe: { start(): void; stop(): EffectLog } }).__effectProbe = {
    start() {
      events = {};
      sinceCommit = {};
      named = new Set();
      commits = [];
      armed = false;
      counting = true;
      mutations.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    stop() {
      counting = false;
      mutations.disconnect();
      return { hookInjected, events, commits };
    },
  };
}
