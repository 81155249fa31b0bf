// Assembling discovery from what the core knows: which roots to watch, the platform, the command
// runner, the `usb` module (or why it is missing). Tests build their scanner the same way, with
// their own roots, a fake `usb` and short windows.
import type { ProfileContext } from '../../shared/models/target';
import type { Clock } from '../platform/clock';
import { systemCommandRunner, type CommandRunner } from '../platform/run-command';
import { UsbAdapter, type UsbModuleLike } from './adapters/usb-adapter';
import { VolumeAdapter } from './adapters/volume-adapter';
import { TargetScanner, type ScannerOptions } from './scanner';

export interface DiscoveryOptions {
  readonly clock: Clock;
  /** Paths on the bench's own disks ("/" and the data folder are always included). */
  readonly benchPaths?: readonly string[];
  readonly mountRoots?: readonly string[];
  /** Also watch /Volumes (macOS) or /media, /run/media (Linux). Default true. */
  readonly platformRoots?: boolean;
  readonly platform?: NodeJS.Platform;
  readonly run?: CommandRunner;
  /** The loaded `usb` module, or null with `usbError` saying why it is unavailable. */
  readonly usbModule: UsbModuleLike | null;
  readonly usbError?: string | null;
  readonly profileContext?: () => ProfileContext | null;
  readonly benchDiskPolicy?: 'refuse' | 'warn';
  readonly macOSSupport?: ScannerOptions['macOSSupport'];
  /** How long a look at a network volume may take before it is TARGET_UNRESPONSIVE. */
  readonly networkTimeoutMs?: number;
  readonly detachGraceMs?: number;
  readonly refreshMs?: number;
  readonly pollMs?: number;
  readonly mountinfoPath?: string;
  readonly log?: ScannerOptions['log'];
}

export function createDiscovery(options: DiscoveryOptions): TargetScanner {
  const platform = options.platform ?? process.platform;
  const onError = (message: string, fields: Record<string, unknown>) => options.log?.('warn', message, fields);
  const volumes = new VolumeAdapter({
    platform,
    explicitRoots: options.mountRoots ?? [],
    platformRoots: options.platformRoots ?? true,
    ...(options.mountinfoPath ? { mountinfoPath: options.mountinfoPath } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    onError,
  });
  return new TargetScanner({
    volumes,
    usb: options.usbModule ? new UsbAdapter(options.usbModule, { onError }) : null,
    usbError: options.usbError ?? null,
    clock: options.clock,
    platform,
    run: options.run ?? systemCommandRunner(),
    benchPaths: ['/', ...(options.benchPaths ?? [])],
    ...(options.profileContext ? { profileContext: options.profileContext } : {}),
    ...(options.benchDiskPolicy ? { benchDiskPolicy: options.benchDiskPolicy } : {}),
    ...(options.macOSSupport ? { macOSSupport: options.macOSSupport } : {}),
    ...(options.networkTimeoutMs !== undefined ? { networkTimeoutMs: options.networkTimeoutMs } : {}),
    ...(options.detachGraceMs !== undefined ? { detachGraceMs: options.detachGraceMs } : {}),
    ...(options.refreshMs !== undefined ? { refreshMs: options.refreshMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
