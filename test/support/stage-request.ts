// One staging request for the stager's tests (stage-profile.test.ts in the core, worker-stager.test.ts
// on a worker): a small "Contoso Macs" profile staged on a macOS 15 Mac volume, at a fixed time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../../src/main/platform/clock';
import { TEMP_PREFIX } from '../../src/main/staging/atomic-write';
import type { StageProfileRequest } from '../../src/main/staging/stage-profile';

/** The profile's bytes, `repeat` lines long (40 lines: about 5 KB). */
export function contosoBytes(repeat = 40): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><plist version="1.0"><dict><key>PayloadDisplayName</key><string>Contoso Macs</string></dict></plist>\n'.repeat(repeat),
  );
}

export const STAGE_CLOCK = fixedClock('2026-11-26T10:00:00Z');

export function stageRequest(root: string, bytes: Buffer, overrides: Partial<StageProfileRequest> = {}): StageProfileRequest {
  return {
    root,
    kind: 'mac-volume',
    bytes,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    displayName: 'Contoso Macs',
    instructions: {
      profileName: 'Contoso Macs',
      organization: 'Contoso',
      mdmHost: 'manage.microsoft.com',
      validUntil: '2026-12-08T10:00:00.000Z',
      macOSVersion: '15.1',
    },
    clock: STAGE_CLOCK,
    ...overrides,
  };
}

export const enrollmentDir = (root: string) => path.join(root, 'Users', 'Shared', 'Enrollment');
/** The stager's temporary files in `dir` (none may be left behind). */
export const tempFilesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(TEMP_PREFIX)) : []);
