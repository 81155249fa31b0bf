// A real SMB share for tests, as an Apple-silicon Mac in Share Disk serves one: Samba's smbd bound
// to 127.0.0.1 only (its own config, state, lock, pid and log folders in a temp folder, a free
// port), and the bench's side through smbnetfs (FUSE), which shows each share as
// <mount>/<host:port>/<share> — like a Linux bench with a FUSE SMB client, and like the Finder's
// smbfs mount on macOS. Everything started here is stopped by its process group id, also when a
// test fails (call stop() from afterAll/afterEach).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SMBD = ['/usr/sbin/smbd', '/usr/bin/smbd'].find((p) => fs.existsSync(p)) ?? null;
const SMBNETFS = ['/usr/bin/smbnetfs', '/usr/local/bin/smbnetfs'].find((p) => fs.existsSync(p)) ?? null;

/** Why SMB tests cannot run here, or null when they can. */
export function smbUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'SMB share tests need Linux (smbd and the smbnetfs FUSE client)';
  if (process.getuid?.() !== 0) return 'SMB share tests need root (to mount the share through FUSE)';
  if (!fs.existsSync('/dev/fuse')) return 'SMB share tests need FUSE (/dev/fuse is missing)';
  if (!SMBD) return 'SMB share tests need Samba’s smbd (apt-get install samba)';
  if (!SMBNETFS) return 'SMB share tests need smbnetfs (apt-get install smbnetfs)';
  return null;
}

/** A free TCP port on 127.0.0.1 (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Poll an async condition every 50 ms until it holds, or fail saying what did not happen. */
async function waitFor(condition: () => boolean | Promise<boolean>, how: { timeoutMs: number; what: string }): Promise<void> {
  const deadline = Date.now() + how.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${how.what} not ready within ${how.timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface SmbShareSpec {
  /** Share name as the Mac would publish it, e.g. "Macintosh HD - Data". */
  readonly name: string;
  /** The folder on the "Mac" side. */
  readonly dir: string;
  readonly readOnly?: boolean;
}

export interface SmbWorld {
  readonly port: number;
  /** The folder whose subfolders are the shares, as the bench sees them: a --mounts root. */
  readonly sharesRoot: string;
  /** The bench-side path of a share. */
  share(name: string): string;
  /** Freeze smbd and every child of it (SIGSTOP): a hung share, as when the cable is pulled. */
  pause(): void;
  resume(): void;
  /** smbd goes away for good (the Mac left Share Disk). */
  killServer(): Promise<void>;
  /** Unmount, stop smbnetfs and smbd (by process group), remove the temp folder. */
  stop(): Promise<void>;
}

/** Start smbd with `shares` on a free loopback port and mount them through smbnetfs. */
export async function startSmbWorld(shares: readonly SmbShareSpec[]): Promise<SmbWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-smb-'));
  const port = await freePort();
  for (const sub of ['state', 'lock', 'pid', 'log', 'cache', 'private', 'home/.smb', 'home/state', 'home/lock', 'home/cache', 'home/private', 'mnt']) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
  }
  const conf = path.join(dir, 'smb.conf');
  fs.writeFileSync(
    conf,
    [
      '[global]',
      '  interfaces = 127.0.0.1',
      '  bind interfaces only = yes',
      `  smb ports = ${port}`,
      '  disable netbios = yes',
      '  server role = standalone server',
      '  map to guest = Bad User',
      '  guest account = root',
      '  server min protocol = SMB2',
      `  state directory = ${dir}/state`,
      `  lock directory = ${dir}/lock`,
      `  pid directory = ${dir}/pid`,
      `  cache directory = ${dir}/cache`,
      `  private dir = ${dir}/private`,
      `  ncalrpc dir = ${dir}/lock/ncalrpc`,
      `  log file = ${dir}/log/log.%m`,
      '  load printers = no',
      '  printing = bsd',
      '  printcap name = /dev/null',
      '  disable spoolss = yes',
      // Like a Mac's Share Disk: no oplock/lease caching surprises across the two sides.
      '  kernel oplocks = no',
      ...shares.flatMap((s) => [`[${s.name}]`, `  path = ${s.dir}`, '  guest ok = yes', '  guest only = yes', `  read only = ${s.readOnly ? 'yes' : 'no'}`, '  force user = root']),
      '',
    ].join('\n'),
  );
  const smbd = spawn(SMBD as string, ['-F', '--no-process-group', '-s', conf, '--debug-stdout', '-d0'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let smbdErr = '';
  smbd.stderr?.on('data', (d: Buffer) => (smbdErr += d.toString()));

  const home = path.join(dir, 'home');
  const mnt = path.join(dir, 'mnt');
  let smbnetfs: ChildProcess | null = null;
  let mounted = false;
  const stopAll = async () => {
    if (mounted) {
      try {
        execFileSync('umount', [mnt], { stdio: 'pipe' });
      } catch {
        try {
          execFileSync('umount', ['-l', mnt], { stdio: 'pipe' });
        } catch {
          // Not mounted any more.
        }
      }
      mounted = false;
    }
    if (smbnetfs) {
      signalGroup(smbnetfs, 'SIGTERM');
      await Promise.race([exited(smbnetfs), new Promise((r) => setTimeout(r, 2000))]);
      signalGroup(smbnetfs, 'SIGKILL');
    }
    signalGroup(smbd, 'SIGCONT');
    signalGroup(smbd, 'SIGTERM');
    await Promise.race([exited(smbd), new Promise((r) => setTimeout(r, 2000))]);
    signalGroup(smbd, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitFor(() => portOpen(port), { timeoutMs: 15_000, what: `smbd listening on 127.0.0.1:${port} (${smbdErr.trim()})` });
    fs.writeFileSync(
      path.join(home, '.smb', 'smb.conf'),
      ['[global]', '  client min protocol = SMB2', '  disable netbios = yes', `  state directory = ${home}/state`, `  lock directory = ${home}/lock`, `  cache directory = ${home}/cache`, `  private dir = ${home}/private`, ''].join('\n'),
    );
    // smbnetfs refuses host/auth lines from a config others can read.
    fs.writeFileSync(path.join(home, '.smb', 'smbnetfs.conf'), ['smb_query_browsers false', 'show_hidden_hosts true', 'auth "guest" ""', ''].join('\n'), { mode: 0o600 });
    smbnetfs = spawn(SMBNETFS as string, [mnt, '-f', '-o', `smb_query_browsers=false,log_file=${dir}/log/smbnetfs.log`], {
      detached: true,
      cwd: dir,
      env: { ...process.env, HOME: home },
      stdio: 'ignore',
    });
    await waitFor(() => fs.readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${mnt} `), { timeoutMs: 10_000, what: 'the smbnetfs mount' });
    mounted = true;
  } catch (error) {
    await stopAll();
    throw error;
  }

  const sharesRoot = path.join(mnt, `127.0.0.1:${port}`);
  return {
    port,
    sharesRoot,
    share: (name) => path.join(sharesRoot, name),
    pause: () => signalGroup(smbd, 'SIGSTOP'),
    resume: () => signalGroup(smbd, 'SIGCONT'),
    killServer: async () => {
      signalGroup(smbd, 'SIGCONT');
      signalGroup(smbd, 'SIGKILL');
      await exited(smbd);
    },
    stop: stopAll,
  };
}
