// The volume adapter: which directories are volumes right now, and a nudge whenever that may have
// changed. It watches mount roots:
//   - macOS: /Volumes (every mount appears there);
//   - Linux: mounts directly under /media, /media/<user>, /run/media/<user> (udisks, usbmount);
//   - anywhere: each --mounts / settings directory, whose immediate subdirectories are volumes
//     whether or not something is mounted on them (how people and tests simulate volumes).
// Changes are noticed by fs.watch on the roots (event-driven: a volume folder appearing or going)
// and by a cheap poll (default every 100 ms) of /proc/self/mountinfo plus the roots' listings,
// which catches mounts onto existing folders (no inotify event exists for those) and roots that
// cannot be watched. Gathering facts about each volume is the scanner's job (volume-facts/).
import fs, { type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { MountRootStatus } from '../../../shared/models/target';
import { NETWORK_CALL_TIMEOUT_MS } from '../../../shared/rules/network-volumes';
import { hungShare, markHung, networkEndpoint } from '../../platform/network-health';
import { PROC_MOUNTINFO, parseMountinfo, type MountEntry } from '../volume-facts/linux-mountinfo';
import type { DiscoveryAdapter } from './discovery-adapter';

export interface VolumeCandidate {
  readonly mountPoint: string;
  readonly source: 'platform' | 'explicit';
}

export interface VolumeListing {
  readonly candidates: readonly VolumeCandidate[];
  /** Parsed mountinfo on Linux (shared with fact gathering so it is read once per scan); else null. */
  readonly mounts: readonly MountEntry[] | null;
  readonly roots: readonly MountRootStatus[];
}

export interface VolumeAdapterOptions {
  readonly platform: NodeJS.Platform;
  /** --mounts and settings directories. */
  readonly explicitRoots: readonly string[];
  /** Watch the platform's own roots too (/Volumes, /media…). */
  readonly platformRoots: boolean;
  readonly mountinfoPath?: string;
  readonly pollMs?: number;
  /** How long listing one root may take before its last listing stands in (a hung network root). */
  readonly rootTimeoutMs?: number;
  readonly onError?: (message: string, fields: Record<string, unknown>) => void;
}

const LINUX_MEDIA = [/^\/media$/, /^\/media\/[^/]+$/, /^\/run\/media\/[^/]+$/];

export class VolumeAdapter implements DiscoveryAdapter<VolumeListing> {
  private explicitRoots: string[];
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  /** What the last list() saw; the poll nudges whenever the world no longer looks like that. */
  private listedSignature: string | null = null;
  private onChange: ((reason: string) => void) | null = null;
  private readonly pendingListings = new Map<string, Promise<{ state: MountRootStatus['state']; names: string[] }>>();
  private readonly lastListings = new Map<string, { state: MountRootStatus['state']; names: string[] }>();

  constructor(private readonly options: VolumeAdapterOptions) {
    this.explicitRoots = normaliseRoots(options.explicitRoots);
  }

  get watching(): boolean {
    return this.onChange !== null;
  }

  private get usesMountinfo(): boolean {
    return this.options.platform === 'linux';
  }

  setExplicitRoots(roots: readonly string[]): void {
    this.explicitRoots = normaliseRoots(roots);
    for (const [root, watcher] of this.watchers) {
      if (!this.watchedRoots().includes(root)) {
        watcher.close();
        this.watchers.delete(root);
      }
    }
    this.onChange?.('roots changed');
  }

  /** Directories whose entries are volumes (and that fs.watch can watch). */
  private watchedRoots(): string[] {
    const platform = this.options.platformRoots && this.options.platform === 'darwin' ? ['/Volumes'] : [];
    return [...new Set([...platform, ...this.explicitRoots])];
  }

  async list(): Promise<VolumeListing> {
    const mountinfoText = this.usesMountinfo ? await readText(this.options.mountinfoPath ?? PROC_MOUNTINFO) : null;
    const mounts = mountinfoText === null ? null : parseMountinfo(mountinfoText);
    const found = new Map<string, VolumeCandidate>();
    const roots: MountRootStatus[] = [];

    const signature: string[] = [mountinfoText ?? ''];
    for (const root of this.watchedRoots()) {
      const source = this.explicitRoots.includes(root) ? 'explicit' : 'platform';
      const listing = await this.listRoot(root, mounts);
      signature.push(`${root}:${listing.names.join('/')}`);
      roots.push({ path: root, source, state: listing.state });
      for (const name of listing.names) {
        const mountPoint = path.join(root, name);
        if (!found.has(mountPoint)) found.set(mountPoint, { mountPoint, source });
      }
    }
    if (this.options.platformRoots && this.options.platform === 'linux') {
      for (const root of ['/media', '/run/media']) {
        roots.push({ path: root, source: 'platform', state: fs.existsSync(root) ? 'ok' : 'missing' });
      }
      for (const entry of mounts ?? []) {
        const parent = path.dirname(entry.mountPoint);
        if (LINUX_MEDIA.some((re) => re.test(parent)) && !found.has(entry.mountPoint)) {
          found.set(entry.mountPoint, { mountPoint: entry.mountPoint, source: 'platform' });
        }
      }
    }
    this.listedSignature = signature.join('\n');
    return { candidates: [...found.values()], mounts, roots };
  }

  /**
   * A root's folders, bounded in time: a root on a hung network share (the folder of an SMB
   * client's host, say) would otherwise hold every scan. Past the bound, the last listing stands
   * (its volumes then report themselves unresponsive), and the stalled call is not repeated until
   * it returns, so a dead share holds one libuv thread, not one per poll.
   */
  private async listRoot(root: string, mounts: readonly MountEntry[] | null): Promise<{ state: MountRootStatus['state']; names: string[] }> {
    const endpoint = this.usesMountinfo ? networkEndpoint(root, mounts) : null;
    const last = () => this.lastListings.get(root) ?? { state: 'unreadable' as const, names: [] };
    if (endpoint && hungShare(root)) return last();
    let pending = this.pendingListings.get(root);
    if (!pending) {
      pending = listDirectories(root).then((listing) => {
        this.lastListings.set(root, listing);
        return listing;
      });
      const settled = pending.finally(() => this.pendingListings.delete(root));
      this.pendingListings.set(root, settled);
      pending = settled;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.options.rootTimeoutMs ?? NETWORK_CALL_TIMEOUT_MS);
    });
    try {
      const listing = await Promise.race([pending, late]);
      if (listing) return listing;
      markHung(endpoint ?? root, pending, `listing ${root}`);
      return last();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Start noticing changes; `onChange` may be called in bursts (the scanner coalesces). */
  watch(onChange: (reason: string) => void): void {
    this.onChange = onChange;
    this.armWatchers();
    const pollMs = this.options.pollMs ?? 100;
    const tick = () => {
      this.timer = setTimeout(() => void this.poll().finally(() => this.timer !== null && tick()), pollMs);
    };
    tick();
  }

  unwatch(): void {
    this.onChange = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private armWatchers(): void {
    for (const root of this.watchedRoots()) {
      if (this.watchers.has(root)) continue;
      try {
        const watcher = fs.watch(root, { persistent: true }, () => this.onChange?.('fs.watch'));
        // A root that is deleted or becomes unreadable: drop the watcher; the poll re-arms it.
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(root);
          this.onChange?.('watch error');
        });
        this.watchers.set(root, watcher);
      } catch (error) {
        // Missing roots are normal (no /Volumes on Linux, --mounts not created yet): poll only.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.options.onError?.('cannot watch mount root', { root, error: String(error) });
        }
      }
    }
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      this.armWatchers();
      // Compared with what the scanner last listed, not with the previous poll: a change between a
      // scan and the next poll must not become the baseline unnoticed.
      const text = this.usesMountinfo ? ((await readText(this.options.mountinfoPath ?? PROC_MOUNTINFO)) ?? '') : '';
      const mounts = this.usesMountinfo ? parseMountinfo(text) : null;
      const parts: string[] = [text];
      for (const root of this.watchedRoots()) parts.push(`${root}:${(await this.listRoot(root, mounts)).names.join('/')}`);
      if (this.listedSignature !== null && parts.join('\n') !== this.listedSignature) this.onChange?.('poll');
    } finally {
      this.polling = false;
    }
  }
}

function normaliseRoots(roots: readonly string[]): string[] {
  return [...new Set(roots.map((r) => path.resolve(r)))];
}

async function readText(file: string): Promise<string | null> {
  return fs.promises.readFile(file, 'utf8').catch(() => null);
}

/** Subdirectories of a root, sorted; symlinks and dot-folders are never volumes. */
async function listDirectories(root: string): Promise<{ state: MountRootStatus['state']; names: string[] }> {
  try {
    const entries = await fs.promises.readdir(root, { withFileTypes: true });
    const names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    return { state: 'ok', names: names.sort() };
  } catch (error) {
    return { state: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable', names: [] };
  }
}
