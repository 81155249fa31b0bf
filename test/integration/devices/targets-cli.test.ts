import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Target, TargetEvent } from '../../../src/shared/models/target';
import { runCliProcess, startCliProcess, type StreamingCli } from '../../support/processes';
import { CLI_PATH, tempDir } from '../../support/temp';
import { appear, writeCarrier, writeDataVolume, writeSystemVolume } from '../../support/volumes';
import { until } from '../../support/wait';

// The CLI as a script uses it: the built binary, run as a separate process.
const dir = tempDir('eb-targets-cli-');
const dataDir = path.join(dir.path, 'data');
const root = path.join(dir.path, 'mounts');
const staging = path.join(dir.path, 'staging');
beforeAll(() => {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
  fs.mkdirSync(root);
  fs.mkdirSync(staging);
  appear(root, staging, 'Macintosh HD', (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
  appear(root, staging, 'Macintosh HD - Data', writeDataVolume);
  appear(root, staging, 'CARRIER', writeCarrier);
});
afterAll(() => dir.cleanup());

let watching: StreamingCli | null = null;
afterEach(async () => {
  await watching?.stop('SIGKILL');
  watching = null;
});

/** Targets under this test's root only (on a Mac, /Volumes is listed too). */
const ours = (targets: Target[]) => targets.filter((t) => t.kind !== 'usb-device' && t.mountPoint.startsWith(root));

describe('enrollment-bench targets', () => {
  it('--json prints every target with its verdict', async () => {
    const run = await runCliProcess(['--data-dir', dataDir, 'targets', '--mounts', root, '--json']);
    expect(run.code).toBe(0);
    const targets = ours(JSON.parse(run.stdout) as Target[]);
    expect(targets.map((t) => [t.kind, t.name]).sort()).toEqual([
      ['carrier', 'CARRIER'],
      ['mac-volume', 'Macintosh HD'],
    ]);
    const mac = targets.find((t) => t.kind === 'mac-volume');
    expect(mac).toMatchObject({
      id: `path:${path.join(root, 'Macintosh HD - Data')}`,
      mountPoint: path.join(root, 'Macintosh HD - Data'),
      dataVolume: path.join(root, 'Macintosh HD - Data'),
      systemVolume: path.join(root, 'Macintosh HD'),
      macOS: { productName: 'macOS', productVersion: '14.7.4', build: '23H420' },
      writable: true,
      locked: false,
      stageable: true,
      constraints: [{ severity: 'warning', code: 'BENCH_DISK' }, { severity: 'warning', code: 'MACOS_UNSUPPORTED' }],
    });
    // Each kind holds only what it can have: a Mac's disk has no USB facts.
    expect(mac).not.toHaveProperty('usb');
    expect(typeof mac?.freeBytes).toBe('number');
  });

  it('prints a verdict a technician can read', async () => {
    const run = await runCliProcess(['--data-dir', dataDir, 'targets', '--mounts', root]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Macintosh HD (Mac, macOS 14.7.4 (23H420)) — ready to stage');
    expect(run.stdout).toContain('warning: This folder is on the bench’s own disk (allowed: the bench is simulating attached Macs).');
    expect(run.stdout).toContain('CARRIER (carrier drive)');
  });

  it('takes several --mounts and says which one is missing', async () => {
    const missing = path.join(dir.path, 'not-there');
    const run = await runCliProcess(['--data-dir', dataDir, 'targets', '--mounts', root, '--mounts', missing, '--json']);
    expect(run.code).toBe(0);
    expect(ours(JSON.parse(run.stdout) as Target[])).toHaveLength(2);
    expect(run.stderr).toContain(`Mount root ${missing} is missing.`);
  });

  it('--watch --json streams attach and detach events, one JSON object per line, until stopped', async () => {
    watching = startCliProcess(['--data-dir', dataDir, 'targets', '--mounts', root, '--watch', '--json']);
    const events = () => (watching as StreamingCli).lines().map((line) => JSON.parse(line) as TargetEvent);
    await until(() => events().filter((e) => e.type === 'attach').length >= 2, 'the initial targets');

    const stick = appear(root, staging, 'NEW STICK', writeCarrier);
    await until(() => events().some((e) => e.type === 'attach' && e.target.name === 'NEW STICK'), 'the new stick');
    fs.rmSync(stick, { recursive: true });
    await until(() => events().some((e) => e.type === 'detach' && e.target.name === 'NEW STICK'), 'its detach');

    const arrivals = events().filter((e) => e.type !== 'update' && e.target.kind !== 'usb-device' && e.target.mountPoint.startsWith(root));
    expect(arrivals.map((e) => `${e.type} ${e.target.name}`).sort()).toEqual(['attach CARRIER', 'attach Macintosh HD', 'attach NEW STICK', 'detach NEW STICK']);
    expect(events().every((e) => typeof e.at === 'string' && typeof e.target.id === 'string')).toBe(true);
    expect(await watching.stop('SIGTERM')).toBe(0);
  });
});

describe('enrollment-bench usb decode', () => {
  it('classifies a Mac in DFU from its ids and iSerial string', async () => {
    const serial = 'CPID:8103 CPRV:11 CPFM:03 SCEP:01 BDID:22 ECID:001A2B3C4D5E6F70 IBFL:3C SRTG:[iBoot-6723.140.2]';
    const run = await runCliProcess(['--data-dir', dataDir, 'usb', 'decode', '--vid', '05ac', '--pid', '1227', '--serial', serial, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      usb: {
        vendorId: 0x05ac,
        productId: 0x1227,
        mode: 'dfu',
        ecid: '001A2B3C4D5E6F70',
        cpid: '8103',
        chip: 'M1',
        bdid: '22',
        serialNumber: null,
        iboot: 'iBoot-6723.140.2',
        location: null,
      },
      description: 'Mac in DFU mode (M1)',
      listed: true,
      constraints: [{ severity: 'error', code: 'USB_DFU_MODE', message: expect.stringContaining('Share Disk') }],
    });
  });

  it('works without a serial string, and refuses ids that are not hex', async () => {
    const recovery = await runCliProcess(['--data-dir', dataDir, 'usb', 'decode', '--vid', '0x05AC', '--pid', '0x1281', '--json']);
    expect(JSON.parse(recovery.stdout)).toMatchObject({ description: 'Mac in Recovery', usb: { ecid: null } });
    const bad = await runCliProcess(['--data-dir', dataDir, 'usb', 'decode', '--vid', 'apple', '--pid', '1227', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'USAGE' } });
  });
});
