// The scanner: one map of targets by stable id, fed by the volume and USB adapters (Etcher's
// scanner/adapters shape). Every nudge from an adapter schedules a refresh — list volumes, gather
// their facts (each with its own timeout, so one dead volume never stalls the others), inspect —
// and the difference with the previous map is emitted as attach / update / detach events.
//  - Ids stay stable while a target is attached: a Mac whose Data volume mounts a moment after its
//    System volume keeps the id it was first given (the volumes are its "members").
//  - Flapping: a volume that disappears is kept for `detachGraceMs`; if it comes back within that
//    window the target is never detached (one target, not detach + attach).
//  - A periodic refresh (`refreshMs`) picks up what no event reports: free space, a file staged
//    by someone else, a plist written after the folder appeared.
import type { DiscoveryStatus, ProfileContext, Target, TargetEvent } from '../../shared/models/target';
import type { Clock } from '../platform/clock';
import type { CommandRunner } from '../platform/run-command';
import type { DiscoveryAdapter } from './adapters/discovery-adapter';
import type { UsbDeviceReport } from './adapters/usb-adapter';
import type { VolumeCandidate, VolumeListing } from './adapters/volume-adapter';
import { inspectTargets, type TargetDraft } from './inspect-target';
import { Sha256Cache } from './staged-file';
import { benchDiskIdentity } from './volume-facts/bench-disk';
import type { DiskutilFacts } from './volume-facts/diskutil';
import { baseFacts, gatherVolume, isNetworkVolume, type GatherContext, type VolumeFacts } from './volume-facts/gather-volume';
import { readMacMounts } from './volume-facts/macos-mounts';
import { hungShare, markHung, networkEndpoint } from '../platform/network-health';
import type { MacOSSupport } from '../../shared/rules/macos-support';
import { NETWORK_CALL_TIMEOUT_MS } from '../../shared/rules/network-volumes';

export interface ScannerOptions {
  /** Mounted volumes; the one adapter whose roots change while it runs (settings, --mounts). */
  readonly volumes: DiscoveryAdapter<VolumeListing> & { setExplicitRoots(roots: readonly string[]): void };
  /** null when `usb` did not load: the scanner says so in its status and finds volumes only. */
  readonly usb: DiscoveryAdapter<UsbDeviceReport[]> | null;
  readonly usbError?: string | null;
  readonly clock: Clock;
  readonly platform: NodeJS.Platform;
  readonly run: CommandRunner;
  /** Paths on the bench's own disks: "/" and the data folder. */
  readonly benchPaths: readonly string[];
  /** The chosen profile, asked on every refresh (the core wires the profile library in). */
  readonly profileContext?: () => ProfileContext | null;
  readonly benchDiskPolicy?: 'refuse' | 'warn';
  /** Supported / allowed macOS, asked on every refresh (the table, or the setting overriding it). */
  readonly macOSSupport?: () => MacOSSupport;
  readonly detachGraceMs?: number;
  readonly refreshMs?: number;
  /** Adapter nudges within this window are handled by one refresh. */
  readonly coalesceMs?: number;
  readonly volumeTimeoutMs?: number;
  /** The same for a volume on a network file system, which can hang (default NETWORK_CALL_TIMEOUT_MS). */
  readonly networkTimeoutMs?: number;
  readonly byUuidDir?: string;
  readonly sysRoot?: string;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

type Listener = (event: TargetEvent) => void;

export class TargetScanner {
  private targets = new Map<string, Target>();
  /** Member (mount point or usb key) → the id of the target it belongs to. */
  private memberIds = new Map<string, string>();
  /** Last facts of each volume, kept through the detach grace window. */
  private lastFacts = new Map<string, { facts: VolumeFacts; missingSince: number | null }>();
  private readonly listeners = new Set<Listener>();
  private readonly hashes = new Sha256Cache();
  private readonly diskutilCache = new Map<string, DiskutilFacts | null>();
  private profileOverride: ProfileContext | null | undefined = undefined;
  private running = false;
  private refreshing: Promise<void> | null = null;
  private pending = false;
  private coalesceTimer: NodeJS.Timeout | null = null;
  /**
   * Volumes whose last look has not come back (a hung share): not asked again until it does, so a
   * dead share holds one libuv thread, not one more every refresh.
   */
  private readonly stuck = new Map<string, Promise<unknown>>();
  private graceTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private lastRoots: DiscoveryStatus['roots'] | null = null;
  private started: Promise<void> = Promise.resolve();

  constructor(private readonly options: ScannerOptions) {}

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Targets as the scanner knows them now (watch mode), after the initial scan has finished. */
  async list(): Promise<Target[]> {
    await this.started;
    return [...this.targets.values()];
  }

  /** One look at the world without watching anything (CLI `targets`): no events, no timers. */
  async scanOnce(): Promise<Target[]> {
    const drafts = await this.inspect(await this.gatherAll(this.options.clock.now(), false));
    const at = new Date(this.options.clock.now()).toISOString();
    return this.assignIds(drafts).map(({ draft, id }) => ({ ...draft.target, id, attachedAt: this.targets.get(id)?.attachedAt ?? at }));
  }

  /** Begin watching; initial targets are emitted as attach events. `list()` waits for them. */
  start(): Promise<void> {
    if (this.running) return this.started;
    this.running = true;
    this.started = this.refresh().catch((error: unknown) => this.options.log?.('error', 'initial target scan failed', { error: String(error) }));
    for (const adapter of this.adapters()) adapter.watch(() => this.schedule());
    const refreshMs = this.options.refreshMs ?? 2_000;
    if (refreshMs > 0) this.refreshTimer = setInterval(() => this.schedule(), refreshMs);
    return this.started;
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const adapter of this.adapters()) adapter.unwatch();
    for (const timer of [this.coalesceTimer, this.graceTimer]) if (timer) clearTimeout(timer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.coalesceTimer = this.graceTimer = this.refreshTimer = null;
    await this.refreshing?.catch(() => {});
  }

  /** Look again now (after staging, or when the technician asks) and return the fresh list. */
  async rescan(): Promise<Target[]> {
    if (!this.running) return this.scanOnce();
    await this.started;
    await this.refresh();
    return [...this.targets.values()];
  }

  /** Set the chosen profile directly (tests, and until the core wires the library's choice in). */
  setProfileContext(profile: ProfileContext | null): void {
    this.profileOverride = profile;
    if (this.running) this.schedule();
  }

  setMountRoots(roots: readonly string[]): void {
    this.options.volumes.setExplicitRoots(roots);
  }

  /** What discovery is doing; waits for the initial scan, and looks at the roots if none ran yet. */
  async status(): Promise<DiscoveryStatus> {
    await this.started;
    if (this.lastRoots === null) this.lastRoots = [...(await this.options.volumes.list()).roots];
    const usb = this.options.usb;
    return {
      mode: this.running ? 'watch' : 'off',
      roots: this.lastRoots,
      usb: usb
        ? { state: usb.watching ? 'watching' : 'available', error: null }
        : { state: 'unavailable', error: this.options.usbError ?? 'the usb module is not loaded' },
    };
  }

  /** Every adapter, through the one interface they share. */
  private adapters(): DiscoveryAdapter<unknown>[] {
    return this.options.usb ? [this.options.volumes, this.options.usb] : [this.options.volumes];
  }

  private profile(): ProfileContext | null {
    if (this.profileOverride !== undefined) return this.profileOverride;
    return this.options.profileContext?.() ?? null;
  }

  private schedule(): void {
    if (!this.running || this.coalesceTimer) return;
    this.coalesceTimer = setTimeout(() => {
      this.coalesceTimer = null;
      void this.refresh().catch((error: unknown) => this.options.log?.('error', 'target refresh failed', { error: String(error) }));
    }, this.options.coalesceMs ?? 10);
  }

  /** Refreshes never overlap; a nudge during one causes exactly one more afterwards. */
  private async refresh(): Promise<void> {
    if (this.refreshing) {
      this.pending = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.pending = false;
        await this.refreshOnce();
      } while (this.pending && this.running);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const now = this.options.clock.now();
    const volumes = await this.gatherAll(now, true);
    const drafts = await this.inspect(volumes);
    this.apply(drafts, new Date(this.options.clock.now()).toISOString());
    this.armGraceTimer(now);
  }

  private async gatherAll(now: number, keepVanished: boolean): Promise<VolumeFacts[]> {
    const listing = await this.options.volumes.list();
    this.lastRoots = [...listing.roots];
    const ctx: GatherContext = {
      platform: this.options.platform,
      mounts: listing.mounts,
      macMounts: this.options.platform === 'darwin' ? await readMacMounts(this.options.run) : null,
      run: this.options.run,
      bench: await benchDiskIdentity(this.options.benchPaths, listing.mounts, this.options.sysRoot),
      profile: this.profile(),
      hashes: this.hashes,
      diskutilCache: this.diskutilCache,
      ...(this.options.byUuidDir ? { byUuidDir: this.options.byUuidDir } : {}),
      ...(this.options.sysRoot ? { sysRoot: this.options.sysRoot } : {}),
    };
    const gathered = await this.gatherEach(listing.candidates, ctx);
    const present = new Map<string, VolumeFacts>();
    for (const facts of gathered) if (facts) present.set(facts.mountPoint, facts);
    if (!keepVanished) return [...present.values()];

    const grace = this.options.detachGraceMs ?? 500;
    for (const [mountPoint, facts] of present) this.lastFacts.set(mountPoint, { facts, missingSince: null });
    for (const [mountPoint, entry] of this.lastFacts) {
      if (present.has(mountPoint)) continue;
      const since = entry.missingSince ?? now;
      if (now - since >= grace) {
        this.lastFacts.delete(mountPoint);
        this.forgetDiskutil(mountPoint);
      } else this.lastFacts.set(mountPoint, { facts: entry.facts, missingSince: since });
    }
    return [...this.lastFacts.values()].map((e) => e.facts);
  }

  /**
   * Local volumes are looked at all at once; the volumes of one network share's server one after
   * another, so a server that hangs holds one libuv thread, not one per volume (network-health.ts).
   */
  private async gatherEach(candidates: readonly VolumeCandidate[], ctx: GatherContext): Promise<(VolumeFacts | null)[]> {
    const results = new Map<VolumeCandidate, VolumeFacts | null>();
    const byServer = new Map<string, VolumeCandidate[]>();
    const local: VolumeCandidate[] = [];
    for (const candidate of candidates) {
      const endpoint = isNetworkVolume(candidate, ctx) ? (networkEndpoint(candidate.mountPoint, ctx.mounts) ?? candidate.mountPoint) : null;
      if (endpoint) byServer.set(endpoint, [...(byServer.get(endpoint) ?? []), candidate]);
      else local.push(candidate);
    }
    await Promise.all([
      ...local.map(async (c) => results.set(c, await this.gatherOne(c, ctx, null))),
      ...[...byServer].map(async ([endpoint, list]) => {
        for (const c of list) results.set(c, await this.gatherOne(c, ctx, endpoint));
      }),
    ]);
    return candidates.map((c) => results.get(c) ?? null);
  }

  private async gatherOne(candidate: VolumeCandidate, ctx: GatherContext, endpoint: string | null): Promise<VolumeFacts | null> {
    const network = endpoint !== null;
    const timeoutMs = network ? (this.options.networkTimeoutMs ?? NETWORK_CALL_TIMEOUT_MS) : (this.options.volumeTimeoutMs ?? 8_000);
    // What is known of a hung volume is what it was last seen as: the target keeps its id and
    // kind (a staging job on it fails TARGET_UNRESPONSIVE, not "disconnected").
    const hung = (): VolumeFacts => {
      const last = this.lastFacts.get(candidate.mountPoint)?.facts;
      return last && last.unreadableReason === null ? { ...last, unresponsive: true } : notResponding(candidate, network);
    };
    if (this.stuck.has(candidate.mountPoint) || (endpoint && hungShare(candidate.mountPoint))) return hung();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<VolumeFacts>((resolve) => {
      timer = setTimeout(() => resolve(hung()), timeoutMs);
    });
    const gathering = gatherVolume(candidate, ctx);
    try {
      const facts = await Promise.race([gathering, timeout]);
      if (facts?.unresponsive) {
        const settle = gathering.catch(() => null).finally(() => this.stuck.delete(candidate.mountPoint));
        this.stuck.set(candidate.mountPoint, settle);
        if (endpoint) markHung(endpoint, settle, `looking at ${candidate.mountPoint}`);
        this.options.log?.('warn', 'volume does not respond', { mountPoint: candidate.mountPoint, timeoutMs, network });
      }
      return facts;
    } catch (error) {
      this.options.log?.('warn', 'volume facts failed', { mountPoint: candidate.mountPoint, error: String(error) });
      return { ...notResponding(candidate, network), unresponsive: false, unreadableReason: String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async inspect(volumes: readonly VolumeFacts[]): Promise<TargetDraft[]> {
    const usb: UsbDeviceReport[] = this.options.usb ? await this.options.usb.list() : [];
    return inspectTargets(volumes, usb, {
      profile: this.profile(),
      benchDiskPolicy: this.options.benchDiskPolicy ?? 'refuse',
      ...(this.options.macOSSupport ? { support: this.options.macOSSupport() } : {}),
    });
  }

  /**
   * Keep the id a target had while any of its members stays attached. When one target splits in
   * two (a Mac's System volume emptied or unmounted a moment before its Data volume), the id stays
   * with the part that is still what the target was: same mount point first, then same kind. The
   * other part is a new target, so a staged Mac never turns into a "drive" under its own id.
   */
  private assignIds(drafts: readonly TargetDraft[]): { draft: TargetDraft; id: string }[] {
    const claims = drafts.map((draft, order) => {
      const previous = [...new Set(draft.members.map((m) => this.memberIds.get(m)).filter((id): id is string => id !== undefined && this.targets.has(id)))];
      const likeness = (id: string) => {
        const before = this.targets.get(id) as Target;
        const mountPoint = (t: Target | TargetDraft['target']) => (t.kind === 'usb-device' ? null : t.mountPoint);
        return (mountPoint(before) !== null && mountPoint(before) === mountPoint(draft.target) ? 2 : 0) + (before.kind === draft.target.kind ? 1 : 0);
      };
      return { draft, order, previous, best: Math.max(-1, ...previous.map(likeness)), likeness };
    });
    const claimed = new Set<string>();
    const ids = new Map<number, string>();
    for (const claim of [...claims].sort((a, b) => b.best - a.best || a.order - b.order)) {
      const previous = [...claim.previous].sort((a, b) => claim.likeness(b) - claim.likeness(a)).find((id) => !claimed.has(id));
      const id = previous ?? claim.draft.target.id;
      claimed.add(id);
      ids.set(claim.order, id);
    }
    const result = claims.map(({ draft, order }) => ({ draft, id: ids.get(order) as string }));
    // Two targets could still want one id (sticks imaged from one file share a UUID): keep them apart.
    const seen = new Set<string>();
    return result.map(({ draft, id }) => {
      const unique = seen.has(id) ? `${id}#${(draft.target.kind === 'usb-device' ? null : draft.target.mountPoint) ?? draft.members[0] ?? seen.size}` : id;
      seen.add(unique);
      return { draft, id: unique };
    });
  }

  private apply(drafts: readonly TargetDraft[], at: string): void {
    const next = new Map<string, Target>();
    const memberIds = new Map<string, string>();
    const events: TargetEvent[] = [];
    for (const { draft, id } of this.assignIds(drafts)) {
      const before = this.targets.get(id);
      const target: Target = { ...draft.target, id, attachedAt: before?.attachedAt ?? at };
      next.set(id, target);
      for (const member of draft.members) memberIds.set(member, id);
      if (!before) events.push({ type: 'attach', target, at });
      else if (!sameTarget(before, target)) events.push({ type: 'update', target, at });
    }
    for (const [id, target] of this.targets) if (!next.has(id)) events.push({ type: 'detach', target, at });
    this.targets = next;
    this.memberIds = memberIds;
    for (const event of events) this.emit(event);
  }

  private emit(event: TargetEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.log?.('error', 'target listener failed', { error: String(error) });
      }
    }
  }

  /** Wake up when the oldest vanished volume's grace ends, so its detach is not late. */
  private armGraceTimer(now: number): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    if (!this.running) return;
    const grace = this.options.detachGraceMs ?? 500;
    const waits = [...this.lastFacts.values()].filter((e) => e.missingSince !== null).map((e) => (e.missingSince as number) + grace - now);
    if (waits.length === 0) return;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      this.schedule();
    }, Math.max(0, Math.min(...waits)));
  }

  private forgetDiskutil(mountPoint: string): void {
    for (const key of this.diskutilCache.keys()) if (key.startsWith(`${mountPoint}\0`)) this.diskutilCache.delete(key);
  }
}

/** Free space moves all the time on a live disk: only a change of a megabyte or more is news. */
function sameTarget(a: Target, b: Target): boolean {
  const strip = (t: Target) => JSON.stringify(t.kind === 'usb-device' || t.freeBytes === null ? t : { ...t, freeBytes: Math.round(t.freeBytes / 1_000_000) });
  return strip(a) === strip(b);
}

function notResponding(candidate: VolumeCandidate, network: boolean): VolumeFacts {
  return { ...baseFacts(candidate), network, unresponsive: true, unreadableReason: 'no answer within a few seconds' };
}
