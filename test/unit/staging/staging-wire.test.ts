// The request crosses to a staging worker field by field (toWireRequest) and is rebuilt there the
// same way (fromWireRequest): nothing a staging needs may be lost on the way.
import { describe, expect, it } from 'vitest';
import type { StageProfileRequest } from '../../../src/main/staging/stage-profile';
import { fromWireRequest, toWireRequest } from '../../../src/main/staging/staging-wire';
import { directFileOps } from '../../../src/main/platform/file-ops';

describe('a staging request on its way to a worker and back', () => {
  it('keeps every data field, and takes the live parts from the worker’s side', () => {
    const request: StageProfileRequest = {
      root: '/Volumes/Macintosh HD - Data',
      expectedRoot: { device: 16777231, inode: 2 },
      kind: 'mac-volume',
      bytes: new Uint8Array([1, 2, 3]),
      sha256: 'a'.repeat(64),
      displayName: 'Contoso Macs',
      instructions: {
        profileName: 'Contoso Macs',
        organization: 'Contoso',
        mdmHost: 'contoso.manage.microsoft.com',
        validUntil: '2026-12-20T00:00:00Z',
        macOSVersion: '15.1',
      },
      clock: { now: () => 0 },
      chunkSize: 4096,
      network: false,
    };
    const wire = toWireRequest(request, null, 1234, true, false);
    expect(wire).toMatchObject({ bytes: null, now: 1234, gated: true, wantsProgress: false });
    const live = {
      bytes: request.bytes,
      clock: { now: () => 1 },
      signal: new AbortController().signal,
      fileOps: directFileOps,
      journalled: Promise.resolve(),
      onProgress: () => {},
      onVerifying: () => {},
      onMovingAside: () => {},
    };
    const again = fromWireRequest(structuredClone(wire), live);
    const { bytes: _b, clock: _c, ...data } = request;
    expect(again).toEqual({ ...data, ...live });
  });
});
