import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { findTarget } from '../../src/main/cli/commands/stage';
import { createBench, type Bench, type BenchOptions } from '../../src/main/core/create-bench';
import type { ScryptParams } from '../../src/main/kiosk/pin-hash';
import { startWebHost, type WebHost } from '../../src/main/web-host/web-host';
import { BenchError } from '../../src/shared/errors';
import type { Job } from '../../src/shared/models/job';
import type { Target } from '../../src/shared/models/target';
import { fakeMacCommands, lockedMacAnswers, writeFakeMacOSPreload } from '../support/fake-macos';
import { FakeUsb } from '../support/fake-usb';
import { IS_ROOT, mountTmpfs, remountReadOnly } from '../support/mounts';
import { runCliProcess } from '../support/processes';
import { enrollmentProfile } from '../support/profile-fixtures';
import { makeSigner, signWithForge } from '../support/signing';
import { REPO_ROOT, tempDir } from '../support/temp';
import { writeDataVolume, writeSystemVolume } from '../support/volumes';
import { openSocket, request } from '../support/ws-client';

// One rule for every door (issue 10): every refusal of the staging policy, asked through the CLI
// (the built program, as a process), the web-host (a real server and WebSocket) and the in-process
// contract (bench.invoke, as the Electron shell calls it), gives the same code and writes nothing
// on any target. Real files, real tmpfs mounts (as root), real SQLite; the only fakes are the USB
// bus (FakeUsb: no USB here) and, for the FileVault case, macOS itself (test/support/fake-macos.ts:
// diskutil's answers from the corpus, given in-process as the core's CommandRunner and to the CLI
// process through a --require preload; FileVault exists on macOS only).

const DAY = 86_400_000;
const FAST: ScryptParams = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };
const PIN = '482913';
const DFU_M1 = 'CPID:8103 CPRV:11 CPFM:03 SCEP:01 BDID:22 ECID:001A2B3C4D5E6F70 IBFL:3C SRTG:[iBoot-6723.140.2]';

const dir = tempDir('eb-cross-door-');
const root = path.join(dir.path, 'Volumes');
const lockedRoot = path.join(dir.path, 'LockedVolumes');
const unmounts: Array<() => void> = [];
const signer = makeSigner({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });

type Door = 'cli' | 'web-host' | 'in-process';
const DOORS: readonly Door[] = ['cli', 'web-host', 'in-process'];

/** What a door answered, reduced to what a person or a script would act on. */
interface Outcome {
  /** refused: the request was an error; blocked: the target's job was recorded as blocked. */
  readonly kind: 'refused' | 'blocked' | 'staged';
  readonly code: string | null;
  readonly detail?: string;
}

interface Case {
  readonly name: string;
  readonly profile: 'good' | 'tampered' | 'dangling' | 'expired' | 'acme';
  /** A mount path of the target, or the DFU Mac (found by kind). */
  readonly target: () => string | 'dfu';
  readonly expected: Outcome;
  /** FileVault is known from diskutil: a bench that believes it runs on macOS (see lockedWorld). */
  readonly world?: 'locked';
  readonly needsRoot?: boolean;
}

const files: Record<Case['profile'], string> = { good: '', tampered: '', dangling: '', expired: '', acme: '' };
const vol = (name: string) => path.join(root, name);

const CASES: readonly Case[] = [
  {
    name: 'tampered profile',
    profile: 'tampered',
    target: () => vol('Good Mac - Data'),
    expected: { kind: 'refused', code: 'PROFILE_NOT_USABLE', detail: 'CMS_' },
  },
  {
    name: 'dangling IdentityCertificateUUID',
    profile: 'dangling',
    target: () => vol('Good Mac - Data'),
    expected: { kind: 'refused', code: 'PROFILE_NOT_USABLE', detail: 'PROFILE_IDENTITY_DANGLING' },
  },
  { name: 'expired profile', profile: 'expired', target: () => vol('Good Mac - Data'), expected: { kind: 'refused', code: 'PROFILE_EXPIRED' } },
  {
    name: 'ACME profile on macOS 13.0',
    profile: 'acme',
    target: () => vol('Ventura - Data'),
    expected: { kind: 'blocked', code: 'PROFILE_NEEDS_NEWER_MACOS' },
  },
  { name: 'read-only Mac', profile: 'good', target: () => vol('ReadOnly - Data'), expected: { kind: 'blocked', code: 'READ_ONLY' }, needsRoot: true },
  { name: 'full Mac', profile: 'good', target: () => vol('Full - Data'), expected: { kind: 'blocked', code: 'NOT_ENOUGH_SPACE' }, needsRoot: true },
  {
    name: 'Users/Shared is a symlink',
    profile: 'good',
    target: () => vol('Escape - Data'),
    expected: { kind: 'blocked', code: 'STAGING_PATH_UNSAFE' },
  },
  {
    name: 'FileVault-locked Mac',
    profile: 'good',
    target: () => path.join(lockedRoot, 'Macintosh HD'),
    expected: { kind: 'blocked', code: 'LOCKED' },
    world: 'locked',
    needsRoot: true,
  },
  { name: 'Mac in DFU mode (USB)', profile: 'good', target: () => 'dfu', expected: { kind: 'blocked', code: 'USB_DFU_MODE' } },
];

function signed(name: string, content: Buffer, signedAgoDays: number): string {
  const file = path.join(dir.path, `${name}.mobileconfig`);
  fs.writeFileSync(file, signWithForge(content, signer, new Date(Date.now() - signedAgoDays * DAY)));
  return file;
}

/** Every file under the mount roots with its size: "nothing written" is this list unchanged. */
function snapshot(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(`${p} ${entry.isFile() ? fs.statSync(p).size : 'link'}`);
    }
  };
  for (const r of [root, lockedRoot]) if (fs.existsSync(r)) walk(r);
  return out.sort();
}

// ── the worlds ──────────────────────────────────────────────────────────────────────────────

interface World {
  readonly bench: Bench;
  readonly wsBench: Bench;
  readonly host: WebHost;
  readonly ws: WebSocket;
}

async function openWorld(name: string, options: Partial<BenchOptions>): Promise<World> {
  const staticDir = path.join(dir.path, `static-${name}`);
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  const common = { kioskWatchMs: null, pinScrypt: FAST, ...options };
  // In-process: the contract as the Electron shell calls it (its door is not the CLI's).
  const bench = await createBench({ ...common, dataDir: path.join(dir.path, `data-${name}-in-process`), door: 'electron' });
  const wsBench = await createBench({ ...common, dataDir: path.join(dir.path, `data-${name}-web-host`), door: 'web-host' });
  const host = await startWebHost({ bench: wsBench, staticDir, port: 0 });
  const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })) as WebSocket;
  return { bench, wsBench, host, ws };
}

async function closeWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  world.ws.close();
  await world.host.close();
  await world.wsBench.close();
  await world.bench.close();
}

let main: World;
let locked: World | undefined;
let cliEnv: NodeJS.ProcessEnv;
/** The CLI process on the fake macOS of the FileVault case (and the same fake USB bus). */
let lockedCliEnv: NodeJS.ProcessEnv;
const cliDataDir = path.join(dir.path, 'data-cli');
const expectedByDoor: Record<string, Record<Door, Outcome>> = {};

beforeAll(async () => {
  fs.mkdirSync(root, { recursive: true });
  files.good = signed('good', enrollmentProfile({ displayName: 'Contoso Mac enrollment' }), 1);
  const tampered = signWithForge(enrollmentProfile({ displayName: 'Contoso Mac enrollment' }), signer, new Date(Date.now() - DAY));
  // One byte of the signed content changed after signing (the organisation name), same length.
  const at = tampered.indexOf(Buffer.from('<string>Contoso</string>'));
  tampered[at + 8] = 'K'.charCodeAt(0);
  files.tampered = path.join(dir.path, 'tampered.mobileconfig');
  fs.writeFileSync(files.tampered, tampered);
  files.dangling = signed('dangling', enrollmentProfile({ identityReference: '0BADF00D-0000-4000-8000-000000000000' }), 1);
  files.expired = signed('expired', enrollmentProfile({ displayName: 'Old Contoso enrollment' }), 15);
  files.acme = signed('acme', enrollmentProfile({ identity: 'acme', displayName: 'Contoso ACME enrollment' }), 1);

  const macVolumes = (name: string, version: string | { corpus: string }) => {
    writeSystemVolume(vol(name), typeof version === 'string' ? systemVersionPlist(version) : version);
    writeDataVolume(vol(`${name} - Data`));
  };
  macVolumes('Good Mac', { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
  macVolumes('Ventura', '13.0');
  macVolumes('Escape', { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
  const elsewhere = path.join(dir.path, 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.rmSync(path.join(vol('Escape - Data'), 'Users', 'Shared'), { recursive: true });
  fs.symlinkSync(elsewhere, path.join(vol('Escape - Data'), 'Users', 'Shared'));
  if (IS_ROOT) {
    unmounts.push(mountTmpfs(vol('ReadOnly - Data'), 2048));
    writeDataVolume(vol('ReadOnly - Data'));
    remountReadOnly(vol('ReadOnly - Data'));
    unmounts.push(mountTmpfs(vol('Full - Data'), 512));
    writeDataVolume(vol('Full - Data'));
    const system = path.join(lockedRoot, 'Macintosh HD');
    unmounts.push(mountTmpfs(system, 1024));
    writeSystemVolume(system, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
  }

  // The USB bus: the same FakeUsb in-process, and inside the CLI process through a --require
  // preload that hands it out as the `usb` module (the CLI is otherwise the unmodified build).
  const usb = new FakeUsb();
  usb.plug({ idProduct: 0x1227, strings: { 3: DFU_M1 } });
  const fakeUsbModule = path.join(dir.path, 'fake-usb-module.cjs');
  buildSync({
    stdin: {
      contents: `import { FakeUsb } from ${JSON.stringify(path.join(REPO_ROOT, 'test', 'support', 'fake-usb.ts'))};\nconst usb = new FakeUsb();\nusb.plug({ idProduct: 0x1227, strings: { 3: ${JSON.stringify(DFU_M1)} } });\nmodule.exports = usb;\n`,
      resolveDir: dir.path,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    outfile: fakeUsbModule,
    logLevel: 'silent',
  });
  const preload = path.join(dir.path, 'fake-usb-preload.cjs');
  fs.writeFileSync(
    preload,
    `const Module = require('node:module');\nconst resolve = Module._resolveFilename;\nModule._resolveFilename = function (request, ...rest) {\n  return request === 'usb' ? ${JSON.stringify(fakeUsbModule)} : resolve.call(this, request, ...rest);\n};\n`,
  );
  cliEnv = { NODE_OPTIONS: `--require ${preload}` };
  const macAnswers = lockedMacAnswers(path.join(lockedRoot, 'Macintosh HD'));
  const macPreload = writeFakeMacOSPreload(path.join(dir.path, 'fake-macos-preload.cjs'), macAnswers);
  lockedCliEnv = { NODE_OPTIONS: `--require ${preload} --require ${macPreload}` };

  main = await openWorld('main', { mountRoots: [root], usbModule: usb, devices: { platformRoots: false } });
  if (IS_ROOT) {
    locked = await openWorld('locked', {
      mountRoots: [lockedRoot],
      usbModule: null,
      devices: { platform: 'darwin', run: fakeMacCommands(macAnswers), platformRoots: false },
    });
  }
});

afterAll(async () => {
  await closeWorld(main);
  await closeWorld(locked);
  unmounts.reverse().forEach((u) => u());
  dir.cleanup();
  // The refusal table, door × case → code (the closing note of issue 10 quotes it).
  if (Object.keys(expectedByDoor).length > 0) {
    const rows = Object.entries(expectedByDoor).map(([name, doors]) => `| ${name} | ${DOORS.map((d) => cell(doors[d])).join(' | ')} |`);
    process.stdout.write(`\n| case | ${DOORS.join(' | ')} |\n|---|---|---|---|\n${rows.join('\n')}\n`);
  }
});

/** A table cell: the code, or what happened when nothing was refused. */
function cell(outcome: Outcome | undefined): string {
  if (!outcome) return '–';
  return outcome.code ?? `${outcome.kind}${outcome.detail ? ` (${outcome.detail})` : ''}`;
}

function systemVersionPlist(version: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>ProductBuildVersion</key><string>22A380</string>
  <key>ProductName</key><string>macOS</string>
  <key>ProductVersion</key><string>${version}</string>
</dict>
</plist>
`;
}

// ── the doors ───────────────────────────────────────────────────────────────────────────────

const pick = (targets: readonly Target[], given: string | 'dfu'): Target | undefined =>
  given === 'dfu' ? targets.find((t) => t.kind === 'usb-device') : findTarget(targets, given);

const fromJobs = (jobs: readonly Job[]): Outcome => {
  const job = jobs[0];
  if (!job) return { kind: 'refused', code: 'NO_JOB' };
  return { kind: job.state === 'blocked' ? 'blocked' : 'staged', code: job.code };
};

async function throughCli(c: Case): Promise<Outcome> {
  const given = c.target();
  let target = given;
  if (given === 'dfu') {
    const listed = await runCliProcess(['--data-dir', cliDataDir, 'targets', '--mounts', root, '--json'], cliEnv);
    const dfu = (JSON.parse(listed.stdout) as Target[]).find((t) => t.kind === 'usb-device');
    if (!dfu) throw new Error(`the CLI saw no DFU Mac: ${listed.stdout} ${listed.stderr}`);
    target = dfu.id;
  }
  const run = await runCliProcess(
    [
      '--data-dir',
      cliDataDir,
      'stage',
      '--profile',
      files[c.profile],
      '--target',
      target,
      '--mounts',
      c.world === 'locked' ? lockedRoot : root,
      '--json',
    ],
    c.world === 'locked' ? lockedCliEnv : cliEnv,
  );
  const out = JSON.parse(run.stdout) as { error?: { code: string; detail?: string }; results?: Array<{ state: string; code: string | null }> };
  if (out.error) {
    expect(run.code, run.stderr).toBe(out.error.code === 'PROFILE_EXPIRED' ? 3 : 2);
    return { kind: 'refused', code: out.error.code, ...(out.error.detail ? { detail: out.error.detail } : {}) };
  }
  const result = out.results?.[0];
  expect(run.code, run.stderr).toBe(result?.state === 'staged' ? 0 : 4);
  return { kind: result?.state === 'blocked' ? 'blocked' : 'staged', code: result?.code ?? null };
}

async function throughWebHost(world: World, c: Case): Promise<Outcome> {
  let id = 1000 + Math.floor(Math.random() * 1e6);
  const ask = async (method: string, params: unknown) =>
    (await request(world.ws, id++, method, params)) as { ok: boolean; value?: unknown; error?: { code: string; detail?: string } };
  const imported = await ask('importProfileFromPath', { path: files[c.profile] });
  if (!imported.ok) return { kind: 'refused', code: imported.error?.code ?? null };
  const profileId = (imported.value as { profile: { id: string } }).profile.id;
  const targets = (await ask('rescanTargets', {})).value as Target[];
  const target = pick(targets, c.target());
  if (!target) throw new Error(`the web-host saw no target for ${c.name}`);
  const answer = await ask('stageWithProfile', { profileId, targetIds: [target.id], newSession: true });
  if (!answer.ok) return { kind: 'refused', code: answer.error?.code ?? null, ...(answer.error?.detail ? { detail: answer.error.detail } : {}) };
  const { sessionId, jobs } = answer.value as { sessionId: string; jobs: Job[] };
  await world.wsBench.invoke('endSession', { sessionId });
  return fromJobs(jobs);
}

async function throughContract(world: World, c: Case): Promise<Outcome> {
  const { bench } = world;
  const { profile } = await bench.invoke('importProfileFromPath', { path: files[c.profile] });
  const target = pick(await bench.invoke('rescanTargets', {}), c.target());
  if (!target) throw new Error(`the in-process bench saw no target for ${c.name}`);
  try {
    const { sessionId, jobs } = await bench.invoke('stageWithProfile', { profileId: profile.id, targetIds: [target.id], newSession: true });
    await bench.invoke('endSession', { sessionId });
    return fromJobs(jobs);
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    return { kind: 'refused', code: error.code, ...(error.detail ? { detail: error.detail } : {}) };
  }
}

// ── the table ───────────────────────────────────────────────────────────────────────────────

describe('one staging policy at every door: the same refusal, nothing written', () => {
  for (const c of CASES) {
    for (const door of DOORS) {
      const unavailable = c.needsRoot && !IS_ROOT ? 'needs root: tmpfs mounts' : null;
      it.skipIf(unavailable !== null)(`${c.name} → ${c.expected.code} through ${door}${unavailable ? ` [${unavailable}]` : ''}`, async () => {
        const world = c.world === 'locked' ? (locked as World) : main;
        const before = snapshot();
        const outcome = door === 'cli' ? await throughCli(c) : door === 'web-host' ? await throughWebHost(world, c) : await throughContract(world, c);
        expect({ kind: outcome.kind, code: outcome.code }).toEqual({ kind: c.expected.kind, code: c.expected.code });
        if (c.expected.detail) expect(outcome.detail).toContain(c.expected.detail);
        expect(snapshot()).toEqual(before);
        (expectedByDoor[c.name] ??= {} as Record<Door, Outcome>)[door] = outcome;
      });
    }
  }

  it('a locked kiosk station refuses an admin staging call with KIOSK_LOCKED through the web-host and in-process; the CLI on its data folder is not subject to the lock (docs/KIOSK.md)', async () => {
    const before = snapshot();
    const outcomes = {} as Record<Door, Outcome>;
    for (const door of ['web-host', 'in-process'] as const) {
      const bench = door === 'web-host' ? main.wsBench : main.bench;
      // Set up by the station's admin (as `enrollment-bench kiosk set-pin` would), then locked.
      const { profile } = await bench.invoke('importProfileFromPath', { path: files.good });
      const target = findTarget(await bench.invoke('rescanTargets', {}), vol('Good Mac - Data')) as Target;
      await bench.invoke('setKioskPin', { newPin: PIN });
      await bench.invoke('enterKiosk', {});
      const params = { profileId: profile.id, targetIds: [target.id], newSession: true };
      const answer =
        door === 'web-host'
          ? ((await request(main.ws, 1, 'stageWithProfile', params)) as { ok: boolean; error?: { code: string } })
          : await main.bench.call('stageWithProfile', params);
      expect(answer.ok).toBe(false);
      outcomes[door] = { kind: 'refused', code: answer.ok ? null : (answer.error?.code ?? null) };
      expect(outcomes[door].code).toBe('KIOSK_LOCKED');
    }
    expect(snapshot()).toEqual(before);

    // A terminal opened on the kiosk machine: the CLI on the locked station's own data folder.
    // docs/KIOSK.md promises it is not subject to the lock: it runs as the machine's user, who
    // owns the data folder and could edit the journal directly, so a lock there would be theatre.
    // It stages (the policy still applies: this is the good profile on a good Mac), and the
    // station stays locked.
    const stationDir = path.join(dir.path, 'data-main-in-process');
    expect(await main.bench.invoke('getKioskState', {})).toMatchObject({ enabled: true, locked: true });
    const run = await runCliProcess(
      ['--data-dir', stationDir, 'stage', '--profile', files.good, '--target', vol('Good Mac - Data'), '--mounts', root, '--json'],
      cliEnv,
    );
    expect(run.code, run.stderr).toBe(0);
    const staged = (JSON.parse(run.stdout) as { results: Array<{ state: string; code: string | null; path: string | null }> }).results[0];
    expect(staged).toMatchObject({ state: 'staged', code: null });
    expect(fs.readFileSync(staged?.path ?? '')).toEqual(fs.readFileSync(path.join(dir.path, 'good.mobileconfig')));
    expect(await main.bench.invoke('getKioskState', {})).toMatchObject({ enabled: true, locked: true });
    outcomes.cli = { kind: 'staged', code: null, detail: 'not subject to the lock, docs/KIOSK.md' };
    expectedByDoor['kiosk-locked admin call'] = outcomes;
  });
});
