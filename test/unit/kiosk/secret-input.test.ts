import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hiddenTtyReader, pipedLineReader, type RawModeInput } from '../../../src/main/cli/secret-input';

/** A stdin stand-in that records raw-mode switches, as a terminal's stdin would take them. */
class FakeTtyStdin extends PassThrough implements RawModeInput {
  readonly rawModes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
}

describe('reading a PIN from a pipe', () => {
  it('gives one line per read, without line endings, then null at the end', async () => {
    const stream = new PassThrough();
    const next = pipedLineReader(stream);
    stream.end('1234\r\n567890\nlast');
    expect(await next()).toBe('1234');
    expect(await next()).toBe('567890');
    expect(await next()).toBe('last');
    expect(await next()).toBeNull();
  });

  it('waits for a line that has not arrived yet', async () => {
    const stream = new PassThrough();
    const next = pipedLineReader(stream);
    const pending = next();
    stream.write('24');
    stream.write('68\n');
    expect(await pending).toBe('2468');
  });

  it('gives null for empty input', async () => {
    const stream = new PassThrough();
    const next = pipedLineReader(stream);
    stream.end('');
    expect(await next()).toBeNull();
  });
});

describe('reading a PIN on a terminal', () => {
  it('prompts, never echoes what is typed, handles backspace and restores the terminal', async () => {
    const stdin = new FakeTtyStdin();
    const shown: string[] = [];
    const read = hiddenTtyReader(stdin, (text) => shown.push(text));
    const pending = read('Admin PIN: ');
    stdin.write('4829');
    stdin.write('9\u007f13\r');
    expect(await pending).toBe('482913');
    expect(shown.join('')).toBe('Admin PIN: \n');
    expect(stdin.rawModes).toEqual([true, false]);
  });

  it('gives null when the person presses Ctrl+C', async () => {
    const stdin = new FakeTtyStdin();
    const read = hiddenTtyReader(stdin, () => {});
    const pending = read('PIN: ');
    stdin.write('12\u0003');
    expect(await pending).toBeNull();
    expect(stdin.rawModes).toEqual([true, false]);
  });
});
