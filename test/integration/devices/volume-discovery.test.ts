import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryOptions } from '../../../src/main/devices/create-discovery';
import type { TargetScanner } from '../../../src/main/devices/scanner';
import { Sha256Cache } from '../../../src/main/devices/staged-file';
import { gatherVolume } from '../../../src/main/devices/volume-facts/gather-volume';
import type { MacVolumeTarget, Target, TargetEvent } from '../../../src/shared/models/target';
import { asMac, asVolume } from '../../support/targets';
import { testDiscovery } from '../../support/discovery';
import { tempDir } from '../../support/temp';
import { appear, writeCarrier, writeDataVolume, writeSystemVolume } from '../../support/volumes';
import { until } from '../../support/wait';

// Discovery over real folders under a temporary mount root (the --mounts way). Plain folders are
// on the bench's own disk, so every target here also carries BENCH_DISK — as a warning, because
// a person named that root: the folders stand in for attached Macs. Real mounts, which are not on
// the bench's disk, are in mounted-volumes.test.ts.

const dir = tempDir('eb-discovery-');
const dataDir = path.join(dir.path, 'data');
fs.mkdirSync(dataDir);
afterAll(() => dir.cleanup());

const GRUB_FAKE =
  '<?xml version="1.0" encoding="UTF-8"?>\n <plist version="1.0">\n <dict>\n <key>ProductBuildVersion</key>\n <string></string>\n <key>ProductName</key>\n <string>Linux</string>\n <key>ProductVersion</key>\n <string>Arch Linux</string>\n </dict>\n </plist>\n';
const plistFor = (version: string, build: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>ProductBuildVersion</key><string>${build}</string><key>ProductName</key><string>macOS</string><key>ProductVersion</key><string>${version}</string></dict></plist>`;

interface Watch {
  readonly root: string;
  readonly staging: string;
  readonly scanner: TargetScanner;
  readonly events: TargetEvent[];
  target(predicate: (t: Target) => boolean): Target | undefined;
  waitFor(predicate: (t: Target) => boolean, what: string): Promise<Target>;
  /** The same, for a Mac's disk: its System/Data volumes and macOS are there to test. */
  waitForMac(predicate: (t: MacVolumeTarget) => boolean, what: string): Promise<MacVolumeTarget>;
}

let active: TargetScanner | null = null;
afterEach(async () => {
  await active?.stop();
  active = null;
});

async function watch(options: Partial<DiscoveryOptions> = {}): Promise<Watch> {
  const base = fs.mkdtempSync(path.join(dir.path, 'case-'));
  const root = path.join(base, 'mounts');
  const staging = path.join(base, 'staging');
  fs.mkdirSync(root);
  fs.mkdirSync(staging);
  const scanner = testDiscovery(root, dataDir, options);
  active = scanner;
  const events: TargetEvent[] = [];
  scanner.on((event) => events.push(event));
  await scanner.start();
  const current = new Map<string, Target>();
  scanner.on((event) => (event.type === 'detach' ? current.delete(event.target.id) : current.set(event.target.id, event.target)));
  const target = (predicate: (t: Target) => boolean) => [...current.values()].find(predicate);
  return {
    root,
    staging,
    scanner,
    events,
    target,
    async waitFor(predicate, what) {
      await until(() => target(predicate) !== undefined, what);
      return target(predicate) as Target;
    },
    async waitForMac(predicate, what) {
      const mac = (t: Target) => t.kind === 'mac-volume' && predicate(t);
      await until(() => target(mac) !== undefined, what);
      return asMac(target(mac));
    },
  };
}

const codes = (t: Target | undefined) => t?.constraints.map((c) => c.code);
/** Attach and detach events; updates also come from free space changing on the bench's disk. */
const arrivals = (w: Watch) => w.events.filter((e) => e.type !== 'update').map((e) => `${e.type} ${e.target.id}`);

describe('volume discovery over real folders', () => {
  it('shows a System + Data pair as one Mac, named, with its macOS version', async () => {
    const w = await watch();
    appear(w.root, w.staging, 'Macintosh HD', (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
    appear(w.root, w.staging, 'Macintosh HD - Data', writeDataVolume);
    const mac = await w.waitForMac((t) => t.systemVolume !== null && t.dataVolume !== null, 'paired Mac');

    expect(mac).toMatchObject({
      kind: 'mac-volume',
      name: 'Macintosh HD',
      mountPoint: path.join(w.root, 'Macintosh HD - Data'),
      systemVolume: path.join(w.root, 'Macintosh HD'),
      dataVolume: path.join(w.root, 'Macintosh HD - Data'),
      macOS: { productName: 'macOS', productVersion: '14.7.4', build: '23H420' },
      writable: true,
      locked: false,
      busProtocol: 'directory',
      stagingDir: path.join(w.root, 'Macintosh HD - Data', 'Users', 'Shared', 'Enrollment'),
      stageable: true,
      constraints: [
        { severity: 'warning', code: 'BENCH_DISK', message: 'This folder is on the bench’s own disk (allowed: the bench is simulating attached Macs).' },
        { severity: 'warning', code: 'MACOS_UNSUPPORTED', message: 'This Mac runs macOS 14.7.4. It can be enrolled, but Microsoft supports macOS 15 or later.' },
      ],
    });
    expect(mac.freeBytes).toBeGreaterThan(0);
    // What the stager checks again before it writes: the Data volume's folder, as scanned.
    const data = fs.lstatSync(path.join(w.root, 'Macintosh HD - Data'));
    expect(mac.rootIdentity).toEqual({ device: data.dev, inode: data.ino });
    expect(arrivals(w)).toEqual([`attach ${mac.id}`]);
  });

  it('keeps a Mac’s id when its System volume mounts after its Data volume', async () => {
    const w = await watch();
    appear(w.root, w.staging, 'Macintosh HD — Data', writeDataVolume);
    const alone = await w.waitFor((t) => t.kind === 'mac-volume', 'Data volume');
    expect(alone).toMatchObject({ name: 'Macintosh HD', macOS: null });
    expect(codes(alone)).toEqual(['BENCH_DISK', 'MACOS_VERSION_UNKNOWN']);

    appear(w.root, w.staging, 'Macintosh HD', (d) => writeSystemVolume(d, { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' }));
    const paired = await w.waitForMac((t) => t.macOS !== null, 'version');
    expect(paired).toMatchObject({ id: alone.id, macOS: { productVersion: '15.4', build: '24E5238a' } });
    expect(arrivals(w)).toEqual([`attach ${alone.id}`]);
  });

  it('keeps a Mac’s id with its Data volume when its System volume stops looking like macOS before it goes', async () => {
    const w = await watch();
    appear(w.root, w.staging, 'Macintosh HD', (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
    appear(w.root, w.staging, 'Macintosh HD - Data', writeDataVolume);
    const mac = await w.waitForMac((t) => t.systemVolume !== null && t.dataVolume !== null, 'paired Mac');
    // The System volume emptied while still mounted (what a slow unmount or a recursive delete
    // shows for a moment): it reads as a drive now, and the Mac goes on as its Data volume.
    fs.rmSync(path.join(w.root, 'Macintosh HD', 'System'), { recursive: true });
    await w.scanner.rescan();
    const drive = await w.waitFor((t) => t.kind === 'carrier', 'the emptied System volume as a drive');
    expect(drive.id).not.toBe(mac.id);
    expect(w.target((t) => t.id === mac.id)).toMatchObject({ kind: 'mac-volume', mountPoint: path.join(w.root, 'Macintosh HD - Data') });
  });

  it('shows removable carrier media as a carrier, stageable at its root', async () => {
    const w = await watch();
    const stick = appear(w.root, w.staging, 'ENROLL STICK', writeCarrier);
    const carrier = await w.waitFor((t) => t.kind === 'carrier', 'carrier');
    expect(carrier).toMatchObject({ id: `path:${stick}`, name: 'ENROLL STICK', stagingDir: stick });
    // A carrier is no Mac: it has no macOS, no System/Data volumes, no serial number.
    for (const field of ['macOS', 'dataVolume', 'systemVolume', 'serialNumber', 'usb']) expect(carrier).not.toHaveProperty(field);
    expect(asVolume(carrier).rootIdentity).toEqual({ device: fs.lstatSync(stick).dev, inode: fs.lstatSync(stick).ino });
    expect(codes(carrier)).toEqual(['BENCH_DISK']);
  });

  it.each([
    ['a GRUB-made fake plist', GRUB_FAKE, 'its system files say “Linux Arch Linux”'],
    ['an iOS simulator runtime', { corpus: 'ios-simulator-17.5-21F79_rust-std-test.plist' }, 'iPhone OS 17.5'],
    ['a garbage plist', 'not a plist at all', 'cannot be read'],
  ])('says %s is not a Mac volume', async (_name, plist, reason) => {
    const w = await watch();
    appear(w.root, w.staging, 'Boot', (d) => writeSystemVolume(d, plist));
    const target = await w.waitFor(() => true, 'target');
    expect(target).toMatchObject({ kind: 'mac-volume', macOS: null, stageable: false });
    expect(target.constraints[0]).toMatchObject({ code: 'NOT_A_MAC_VOLUME', message: expect.stringContaining(reason) });
  });

  it('refuses a Data volume whose Users/Shared is a symlink', async () => {
    const w = await watch();
    const elsewhere = fs.mkdtempSync(path.join(w.staging, 'elsewhere-'));
    appear(w.root, w.staging, 'Macintosh HD - Data', (d) => {
      fs.mkdirSync(path.join(d, 'Users'));
      fs.symlinkSync(elsewhere, path.join(d, 'Users', 'Shared'));
    });
    const target = await w.waitFor(() => true, 'target');
    expect(target.constraints[0]).toMatchObject({
      code: 'STAGING_PATH_UNSAFE',
      message: 'The folder Users/Shared on this disk points somewhere else or is not a folder, so the bench will not write there.',
    });
  });

  it('judges the macOS version: too old, allowed but unsupported', async () => {
    const w = await watch();
    appear(w.root, w.staging, 'Old', (d) => {
      writeSystemVolume(d, { corpus: 'macos-11.1-20C63_zig-test.plist' });
      writeDataVolume(d);
    });
    appear(w.root, w.staging, 'Ventura', (d) => writeSystemVolume(d, plistFor('13.6.1', '22G313')));
    appear(w.root, w.staging, 'Ventura - Data', writeDataVolume);
    const old = await w.waitFor((t) => t.name === 'Old', 'Old');
    const ventura = await w.waitForMac((t) => t.name === 'Ventura' && t.dataVolume !== null, 'Ventura');
    expect(old.constraints.find((c) => c.code === 'MACOS_TOO_OLD')?.message).toBe('This Mac runs macOS 11.1. Intune direct enrollment needs macOS 13 or later.');
    expect(ventura.constraints.find((c) => c.code === 'MACOS_UNSUPPORTED')).toMatchObject({ severity: 'warning' });
  });

  it('reports a volume that goes away', async () => {
    const w = await watch();
    const stick = appear(w.root, w.staging, 'STICK', writeCarrier);
    const carrier = await w.waitFor(() => true, 'carrier');
    fs.rmSync(stick, { recursive: true });
    await until(() => w.events.some((e) => e.type === 'detach'), 'detach');
    expect(arrivals(w)).toEqual([`attach ${carrier.id}`, `detach ${carrier.id}`]);
  });

  it('does not detach a volume that disappears and comes back within the grace window', async () => {
    const w = await watch({ detachGraceMs: 60_000 });
    const stick = appear(w.root, w.staging, 'FLAPPY', writeCarrier);
    const carrier = await w.waitFor(() => true, 'carrier');
    const aside = path.join(w.staging, 'aside');
    fs.renameSync(stick, aside);
    expect((await w.scanner.rescan()).map((t) => t.id)).toEqual([carrier.id]);
    fs.renameSync(aside, stick);
    expect((await w.scanner.rescan()).map((t) => t.id)).toEqual([carrier.id]);
    expect(arrivals(w)).toEqual([`attach ${carrier.id}`]);
  });

  it('lets one bad volume never stop discovery of the others', async () => {
    const w = await watch();
    appear(w.root, w.staging, 'Plist Is A Folder', (d) => fs.mkdirSync(path.join(d, 'System', 'Library', 'CoreServices', 'SystemVersion.plist'), { recursive: true }));
    appear(w.root, w.staging, 'Users Is A File - Data', (d) => fs.writeFileSync(path.join(d, 'Users'), 'x'));
    fs.symlinkSync('/nonexistent', path.join(w.root, 'Dangling Link'));
    fs.writeFileSync(path.join(w.root, 'a file, not a volume'), '');
    appear(w.root, w.staging, 'GOOD STICK', writeCarrier);
    await w.waitFor((t) => t.name === 'GOOD STICK', 'the good stick');
    const all = await w.scanner.list();
    expect(Object.fromEntries(all.map((t) => [t.name, codes(t)?.[0]]))).toEqual({
      'Plist Is A Folder': 'NOT_A_MAC_VOLUME',
      'Users Is A File': 'STAGING_PATH_UNSAFE',
      'GOOD STICK': 'BENCH_DISK',
    });
  });

  it('treats a volume that vanished between listing and inspection as simply gone', async () => {
    const ctx = {
      platform: process.platform,
      mounts: null,
      run: async () => ({ stdout: '', code: 1 }),
      bench: { devices: new Set<number>(), disks: new Set<string>() },
      profile: null,
      hashes: new Sha256Cache(),
      diskutilCache: new Map(),
    };
    expect(await gatherVolume({ mountPoint: path.join(dir.path, 'gone'), source: 'explicit' }, ctx)).toBeNull();
    const file = path.join(dir.path, 'replaced-by-a-file');
    fs.writeFileSync(file, '');
    expect(await gatherVolume({ mountPoint: file, source: 'explicit' }, ctx)).toBeNull();
  });

  it.skipIf(process.getuid?.() === 0)('says a volume it may not read is unreadable (not testable as root, who reads everything)', async () => {
    const w = await watch();
    const locked = appear(w.root, w.staging, 'NO ACCESS', writeCarrier);
    fs.chmodSync(locked, 0o000);
    try {
      const target = await w.waitFor(() => true, 'target');
      expect(target.constraints[0]).toMatchObject({ code: 'VOLUME_UNREADABLE', message: expect.stringContaining('permission denied') });
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it('finds volumes in a mount root created after the bench started, and says when it is missing', async () => {
    const w = await watch();
    const late = path.join(path.dirname(w.root), 'late-root');
    w.scanner.setMountRoots([w.root, late]);
    await w.scanner.rescan();
    expect((await w.scanner.status()).roots).toContainEqual({ path: late, source: 'explicit', state: 'missing' });
    fs.mkdirSync(late);
    appear(late, w.staging, 'LATE STICK', writeCarrier);
    await w.waitFor((t) => t.name === 'LATE STICK', 'a stick in the late root');
    expect((await w.scanner.status()).roots).toContainEqual({ path: late, source: 'explicit', state: 'ok' });
  });
});

describe('verdicts that depend on the chosen profile', () => {
  const profileBytes = Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string></dict></plist>\n');
  const sha256 = createHash('sha256').update(profileBytes).digest('hex');
  const ACME = { sha256, minMacOS: '13.1', displayName: 'Contoso Macs' };

  it('tells an already-staged profile from a different file at its place, and updates when it changes', async () => {
    const w = await watch({ benchDiskPolicy: 'warn' });
    const data = appear(w.root, w.staging, 'Macintosh HD - Data', (d) => {
      writeDataVolume(d);
      fs.mkdirSync(path.join(d, 'Users', 'Shared', 'Enrollment'));
      fs.writeFileSync(path.join(d, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig'), profileBytes);
    });
    appear(w.root, w.staging, 'Macintosh HD', (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
    await w.waitForMac((t) => t.macOS !== null, 'paired Mac');

    w.scanner.setProfileContext(ACME);
    const staged = await w.waitForMac((t) => codes(t)?.includes('ALREADY_STAGED') === true, 'already staged');
    const file = path.join(data, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig');
    expect(staged.stagedFile).toEqual({ path: file, sha256, sizeBytes: profileBytes.length, matchesProfile: true });
    expect(staged.constraints.at(-1)).toEqual({ severity: 'info', code: 'ALREADY_STAGED', message: 'The chosen profile is already staged on this disk.' });
    expect(staged.stageable).toBe(true);

    fs.writeFileSync(file, 'someone else’s profile');
    await w.scanner.rescan();
    const other = await w.waitFor((t) => codes(t)?.includes('OTHER_FILE_STAGED') === true, 'another file');
    expect(other.constraints.at(-1)).toMatchObject({ severity: 'warning', message: expect.stringContaining('“Contoso Macs.mobileconfig”') });
    expect(w.events.filter((e) => e.type === 'update').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an ACME profile for a Mac older than macOS 13.1', async () => {
    const w = await watch({ benchDiskPolicy: 'warn', profileContext: () => ACME });
    appear(w.root, w.staging, 'Ventura', (d) => writeSystemVolume(d, plistFor('13.0.1', '22A400')));
    appear(w.root, w.staging, 'Ventura - Data', writeDataVolume);
    const mac = await w.waitForMac((t) => t.dataVolume !== null && t.macOS !== null, 'Ventura');
    expect(codes(mac)).toEqual(['BENCH_DISK', 'MACOS_UNSUPPORTED', 'PROFILE_NEEDS_NEWER_MACOS']);
    expect(mac.stageable).toBe(false);
  });
});
