import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../support/processes';
import { tempDir } from '../support/temp';

const dir = tempDir('eb-serve-');
afterAll(() => dir.cleanup());

describe('npm run serve (the built web-host process)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints one URL line and stops cleanly on ${signal}`, async () => {
      const served = await startServeProcess(['--data-dir', path.join(dir.path, 'data'), '--port', '0']);
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const res = await fetch(served.url);
      expect(res.status).toBe(200);
      expect(await served.stop(signal)).toBe(0);
    });
  }

  it('refuses a bad --port with exit code 1', async () => {
    await expect(startServeProcess(['--port', 'eighty'])).rejects.toThrow(/exited \(1\)/);
  });
});
