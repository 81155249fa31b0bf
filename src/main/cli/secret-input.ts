// Reading a PIN on the command line. Never from argv: every user on the machine can read another
// process's arguments (`ps`). On a terminal the PIN is typed with echo off; from a pipe or a
// file it is read one line per PIN, so scripts can feed it without it ever being shown.

/** Reads successive lines from a pipe, pausing the stream between reads so the process can exit. */
export function pipedLineReader(stream: NodeJS.ReadableStream): () => Promise<string | null> {
  let buffer = '';
  let ended = false;
  let listening = false;
  const waiting: Array<(line: string | null) => void> = [];

  const pump = () => {
    while (waiting.length > 0) {
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        waiting.shift()?.(line);
      } else if (ended) {
        const rest = buffer;
        buffer = '';
        waiting.shift()?.(rest.length > 0 ? rest : null);
      } else {
        return;
      }
    }
    stream.pause();
  };

  return () =>
    new Promise((resolve) => {
      if (!listening) {
        listening = true;
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          buffer += chunk;
          pump();
        });
        stream.on('end', () => {
          ended = true;
          pump();
        });
      }
      waiting.push(resolve);
      stream.resume();
      pump();
    });
}

/** What a terminal stdin offers that a pipe does not. */
export interface RawModeInput extends NodeJS.ReadableStream {
  setRawMode(mode: boolean): unknown;
}

/**
 * Prompt on `write` (stderr, so --json output stays clean) and read one line with echo off.
 * Backspace edits; Enter ends; Ctrl+C or Ctrl+D on an empty line gives null (cancelled).
 */
export function hiddenTtyReader(input: RawModeInput, write: (text: string) => void): (prompt: string) => Promise<string | null> {
  return (prompt) =>
    new Promise((resolve) => {
      let value = '';
      write(prompt);
      input.setRawMode(true);
      input.setEncoding('utf8');
      const finish = (result: string | null) => {
        input.removeListener('data', onData);
        input.setRawMode(false);
        input.pause();
        write('\n');
        resolve(result);
      };
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') return finish(value);
          if (char === '\u0003') return finish(null);
          if (char === '\u0004') return finish(value.length > 0 ? value : null);
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
          else if (char >= ' ') value += char;
        }
      };
      input.on('data', onData);
      input.resume();
    });
}

/** The CLI's secret reader for this process: hidden prompt on a terminal, one line per PIN otherwise. */
export function processSecretReader(): { interactive: boolean; read: (prompt: string) => Promise<string | null> } {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    const read = hiddenTtyReader(stdin, (text) => process.stderr.write(text));
    return { interactive: true, read };
  }
  let next: (() => Promise<string | null>) | null = null;
  return {
    interactive: false,
    read: () => {
      next ??= pipedLineReader(stdin);
      return next();
    },
  };
}
