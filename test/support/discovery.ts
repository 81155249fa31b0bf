import { systemClock } from '../../src/main/platform/clock';
import { createDiscovery, type DiscoveryOptions } from '../../src/main/devices/create-discovery';
import type { TargetScanner } from '../../src/main/devices/scanner';

/**
 * Discovery over one explicit mount root, as tests want it: no platform roots, no USB, no grace
 * period for vanished volumes and no periodic refresh (tests say when to look), and `dataDir`
 * named as the bench's own data folder.
 */
export function testDiscovery(root: string, dataDir: string, options: Partial<DiscoveryOptions> = {}): TargetScanner {
  return createDiscovery({
    clock: systemClock,
    mountRoots: [root],
    platformRoots: false,
    usbModule: null,
    benchPaths: [dataDir],
    detachGraceMs: 0,
    refreshMs: 0,
    ...options,
  });
}
