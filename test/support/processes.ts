import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_PATH, SERVE_PATH } from './temp';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI as a separate process, exactly as a script would. */
export function runCliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface ServedHost {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly child: ChildProcess;
  readonly stderr: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Start `node out/web-host/serve.js` with the given arguments and wait for the URL line. */
export function startServeProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServedHost> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVE_PATH, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`web-host did not print its URL within 15 s; stderr: ${stderr}`));
    }, 15_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!stdout.includes('\n')) reject(new Error(`web-host exited (${code}) before printing its URL; stderr: ${stderr}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        const url = new URL(line);
        resolve({
          url: line,
          origin: url.origin,
          port: Number(url.port),
          token: url.searchParams.get('token') ?? '',
          child,
          stderr: () => stderr,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill(signal);
            }),
        });
      }
    });
  });
}

export interface StreamingCli {
  /** Complete stdout lines so far. */
  readonly lines: () => string[];
  readonly stderr: () => string;
  /** Send a signal and resolve with the exit code (null if killed by the signal itself). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Start the built CLI for a long-running command (`targets --watch`) and read its output as it comes. */
export function startCliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): StreamingCli {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines: () => stdout.split('\n').slice(0, -1),
    stderr: () => stderr,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
