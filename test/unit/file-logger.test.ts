import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/platform/clock';
import { createFileLogger } from '../../src/main/platform/logger';
import { tempDir } from '../support/temp';

const clock = fixedClock('2026-03-02T10:00:00.000Z');

describe('the file logger', () => {
  it('writes JSON lines into the folder it is given (the platform log folder for the app)', () => {
    const dir = tempDir('eb-log-');
    try {
      const logs = path.join(dir.path, 'Library', 'Logs', 'Enrollment Bench');
      const logger = createFileLogger(path.join(dir.path, 'data'), clock, undefined, { dir: logs });
      logger.log('info', 'bench started', { door: 'electron' });
      expect(logger.file).toBe(path.join(logs, 'bench.log'));
      expect(fs.readFileSync(path.join(logs, 'bench.log'), 'utf8')).toBe('{"at":"2026-03-02T10:00:00.000Z","level":"info","message":"bench started","door":"electron"}\n');
      expect(fs.statSync(path.join(logs, 'bench.log')).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(dir.path, 'data', 'logs'))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });

  it('rotates by size and keeps only the newest files, losing no line of the kept ones', () => {
    const dir = tempDir('eb-log-');
    try {
      const logger = createFileLogger(dir.path, clock, undefined, { maxBytes: 400, keep: 2 });
      for (let n = 0; n < 40; n++) logger.log('info', 'staged', { n });
      const logs = path.join(dir.path, 'logs');
      expect(fs.readdirSync(logs).sort()).toEqual(['bench.1.log', 'bench.2.log', 'bench.log']);
      const lines = ['bench.2.log', 'bench.1.log', 'bench.log'].flatMap((name) => fs.readFileSync(path.join(logs, name), 'utf8').trim().split('\n'));
      for (const name of fs.readdirSync(logs)) expect(fs.statSync(path.join(logs, name)).size).toBeLessThanOrEqual(400);
      const numbers = lines.map((line) => (JSON.parse(line) as { n: number }).n);
      expect(numbers.at(-1)).toBe(39);
      // Consecutive: the kept files hold the most recent lines without a gap.
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 40 - numbers.length + i));
    } finally {
      dir.cleanup();
    }
  });

  it('never writes a value under a secret-looking name, however deep', () => {
    const dir = tempDir('eb-log-');
    try {
      const logger = createFileLogger(dir.path, clock);
      logger.log('warn', 'odd call', { Challenge: 'hunter2', nested: { PKCS12Password: 'p12secret', ClientIdentifier: 'acme-id', kept: 'visible' }, token: 'abc', pin: '482913' });
      const text = fs.readFileSync(path.join(dir.path, 'logs', 'bench.log'), 'utf8');
      for (const secret of ['hunter2', 'p12secret', 'acme-id', 'abc', '482913']) expect(text).not.toContain(secret);
      expect(text).toContain('"kept":"visible"');
    } finally {
      dir.cleanup();
    }
  });

  it('writes names from disks with every control and bidi character escaped, and the line is still the same JSON', () => {
    const dir = tempDir('eb-log-');
    try {
      const echoed: string[] = [];
      const logger = createFileLogger(dir.path, clock, (line) => echoed.push(line));
      const name = 'MAC\u001b]0;pwned\u0007 \u009b31m \u202egpj.exe\u2028x\u007f';
      logger.log('info', `volume ${name} attached`, { volume: name });
      const text = fs.readFileSync(path.join(dir.path, 'logs', 'bench.log'), 'utf8');
      // eslint-disable-next-line no-control-regex
      expect(text.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
      expect(text).toContain('\\u001b]0;pwned\\u0007 \\u009b31m \\u202egpj.exe\\u2028x\\u007f');
      expect((JSON.parse(text) as { volume: string }).volume).toBe(name);
      expect(echoed[0]).toBe(text.trimEnd());
    } finally {
      dir.cleanup();
    }
  });
});
