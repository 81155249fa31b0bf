import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { CLI_PATH, SERVE_PATH } from './temp';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI as a separate process, exactly as a script would. */
export function runCliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return runCommand(process.execPath, [CLI_PATH, ...args], env, input);
}

/**
 * libfaketime's `faketime`, when it can set a Node process's clock here (Debian's faketime
 * package; CI installs it): `faketime @<seconds> node …`. Null where it is missing or has no
 * effect (e.g. macOS without libfaketime): a test then waits in real time instead.
 */
export const FAKETIME: string | null = (() => {
  const at = 1_800_000_000;
  const probe = spawnSync('faketime', [`@${at}`, process.execPath, '-e', 'process.stdout.write(String(Date.now()))'], {
    encoding: 'utf8',
    timeout: 10_000,
    env: withoutFaketime(process.env),
  });
  return probe.status === 0 && Math.abs(Number(probe.stdout) - at * 1000) < 60_000 ? 'faketime' : null;
})();

/** Run the built CLI with its clock set to `at` (ms since the epoch), ticking on from there. */
export function runCliProcessAt(at: number, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (!FAKETIME) throw new Error('faketime cannot set a process clock here (FAKETIME is null)');
  return runCommand(FAKETIME, [`@${(at / 1000).toFixed(3)}`, process.execPath, CLI_PATH, ...args], env, undefined, withoutFaketime(process.env));
}

/**
 * The environment without a libfaketime this process runs under (CI runs the suite again under
 * `faketime '+400 days'`): an inner faketime would count from the outer one's shifted clock.
 */
function withoutFaketime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('FAKETIME')));
  const preload = (env.LD_PRELOAD ?? '')
    .split(/[:\s]+/)
    .filter((entry) => entry !== '' && !entry.includes('faketime'))
    .join(':');
  if (preload) clean.LD_PRELOAD = preload;
  else delete clean.LD_PRELOAD;
  return clean;
}

function runCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string, base: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...base, ...env },
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
