import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openJournalDatabase } from '../../../src/main/journal/database';
import { createJournalStore } from '../../../src/main/journal/journal-store';
import { fixedClock } from '../../../src/main/platform/clock';
import { createJobRunner } from '../../../src/main/staging/job-runner';
import { stageProfile, type StageProfileRequest } from '../../../src/main/staging/stage-profile';
import type { Job } from '../../../src/shared/models/job';
import type { Target } from '../../../src/shared/models/target';
import { integrityOf } from '../../support/journal-faults';
import { CAN_LOOP_MOUNT, remountReadOnly } from '../../support/mounts';
import { listFilesDeep } from '../../support/swap-race';
import { macTarget } from '../../support/targets';
import { tempDir } from '../../support/temp';
import { fillUp } from '../../support/volumes';
import { stagingProfile } from '../../support/profile-fixtures';

// Issue 11: a target that goes away, turns read-only or fills up in the middle of a batch, on
// real loop-mounted ext4 volumes. The promise after each: the Mac concerned fails with the code a
// technician can act on, the others are staged, nothing is written on the bench's own disk (a
// lazily unmounted volume's mount point shows the bench's folder), no partial file stands at a
// final name, no temporary file is left, integrity_check is ok and the journal matches the disks.

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) {
    try {
      cleanups.pop()?.();
    } catch {
      // a cleanup of a volume a test unmounted itself
    }
  }
});

const now = Date.parse('2026-11-26T10:00:00Z');
const clock = fixedClock(now);
// 96 KiB with a secret in it, so copies take several chunks and a fault can land mid-copy.
const bytes = Buffer.from(
  `<?xml version="1.0"?><plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string><key>Challenge</key><string>s3cret-challenge</string></dict></plist>\n${'<!-- padding -->\n'.repeat(6144)}`,
);
const profile = stagingProfile(bytes, now);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

type Fault = (mount: string) => void;
interface Rig {
  readonly mounts: readonly string[];
  readonly dataDir: string;
  readonly last: Map<string, Job>;
  readonly run: () => Promise<Job[]>;
  readonly close: () => void;
}

/**
 * Three Macs, each an ext4 image loop-mounted under `Volumes/`, scanned (their root's device and
 * inode recorded as the scanner does), staged by the real job runner on a real journal. `fault`
 * hits Mac 2 just before its copy starts (`when: 'before'`) or once 8 KiB of it are written.
 */
function rig(base: string, fault: Fault, when: 'before' | 'mid-copy'): Rig {
  const dataDir = path.join(base, 'data');
  const targets = new Map<string, Target>();
  const mounts: string[] = [];
  for (let i = 1; i <= 3; i += 1) {
    const mount = path.join(base, 'Volumes', `Mac ${i} - Data`);
    const image = path.join(base, `mac-${i}.img`);
    fs.mkdirSync(mount, { recursive: true });
    execFileSync('truncate', ['-s', '8M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
    execFileSync('mount', ['-o', 'loop', image, mount]);
    cleanups.push(() => {
      execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    });
    fs.mkdirSync(path.join(mount, 'Users', 'Shared'), { recursive: true });
    const stat = fs.lstatSync(mount);
    targets.set(`mac-${i}`, macTarget(`mac-${i}`, mount, { rootIdentity: { device: stat.dev, inode: stat.ino } }));
    mounts.push(mount);
  }
  const journal = openJournalDatabase({ dataDir, Database, busyTimeoutMs: 200 });
  const store = createJournalStore(journal.db, clock);
  const last = new Map<string, Job>();
  const victim = mounts[1] as string;
  let faulted = false;
  const runner = createJobRunner({
    store,
    clock,
    getTarget: (id) => targets.get(id) ?? null,
    onJobChanged: (job) => last.set(job.id, job),
    onProgress: () => {},
    concurrency: () => 1,
    sleep: async () => {},
    stage: async (request: StageProfileRequest) => {
      // Once: a retry of the same Mac meets the fault's aftermath, not a second fault.
      if (request.root !== victim || faulted) return stageProfile(request);
      faulted = true;
      if (when === 'before') {
        fault(victim);
        return stageProfile(request);
      }
      let hit = false;
      return stageProfile({
        ...request,
        chunkSize: 4096,
        onProgress: (written, total) => {
          request.onProgress?.(written, total);
          if (!hit && written >= 8192) {
            hit = true;
            fault(victim);
          }
        },
      });
    },
  });
  return {
    mounts,
    dataDir,
    last,
    async run() {
      const session = store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false });
      const jobs = await runner.stage(session, profile, ['mac-1', 'mac-2', 'mac-3']);
      await runner.whenIdle();
      return jobs.map((j) => last.get(j.id) as Job);
    },
    close: () => journal.close(),
  };
}

/** After any fault: journal intact and equal to the disks, no temporary file, no partial file. */
function expectSound(r: Rig): void {
  r.close();
  const file = path.join(r.dataDir, DATABASE_FILE);
  expect(integrityOf(file)).toBe('ok');
  const db = new Database(file, { readonly: true });
  const jobs = db.prepare('SELECT state, path, sha256 FROM jobs').all() as Array<{ state: string; path: string | null; sha256: string | null }>;
  db.close();
  for (const job of jobs) if (job.state === 'staged') expect(sha(job.path as string)).toBe(job.sha256);
  for (const mount of r.mounts) {
    const files = listFilesDeep(mount);
    expect(files.filter((f) => path.basename(f).startsWith('.eb-tmp-'))).toEqual([]);
    for (const f of files.filter((f) => f.endsWith('.mobileconfig'))) expect(sha(f)).toBe(profile.sha256);
  }
}

const lazyUnmount: Fault = (mount) => execFileSync('umount', ['-l', mount]);

describe.skipIf(!CAN_LOOP_MOUNT)('faults of a target mid-batch, on loop-mounted ext4 [needs root, mkfs.ext4 and losetup]', () => {
  for (const when of ['before', 'mid-copy'] as const) {
    it(`a Mac lazily unmounted ${when === 'before' ? 'after the scan, before its copy' : 'in the middle of its copy'}: STAGE_DISCONNECTED, nothing on the bench's disk`, async () => {
      const dir = tempDir('eb-fault-lazy-');
      cleanups.push(dir.cleanup);
      const r = rig(dir.path, lazyUnmount, when);
      const finals = await r.run();
      expect(finals.map((j) => j.state)).toEqual(['staged', 'failed', 'staged']);
      expect(finals[1]?.code).toBe('STAGE_DISCONNECTED');
      expect(finals[1]?.message).toMatch(/disconnected/i);
      // Its mount point is now the bench's own folder: the profile (and its secret) must not be there.
      expect(listFilesDeep(r.mounts[1] as string)).toEqual([]);
      expectSound(r);
    });
  }

  it('a Mac remounted read-only between two copies: STAGE_READ_ONLY, no partial or temporary file', async () => {
    const dir = tempDir('eb-fault-ro-');
    cleanups.push(dir.cleanup);
    const r = rig(dir.path, remountReadOnly, 'before');
    const finals = await r.run();
    expect(finals.map((j) => j.state)).toEqual(['staged', 'failed', 'staged']);
    expect(finals[1]?.code).toBe('STAGE_READ_ONLY');
    expect(listFilesDeep(r.mounts[1] as string)).toEqual([]);
    expectSound(r);
  });

  for (const when of ['before', 'mid-copy'] as const) {
    it(`a Mac whose disk fills up ${when === 'before' ? 'before its copy' : 'in the middle of its copy'}: STAGE_DISK_FULL, no partial or temporary file`, async () => {
      const dir = tempDir('eb-fault-full-');
      cleanups.push(dir.cleanup);
      const r = rig(dir.path, (mount) => fillUp(mount), when);
      const finals = await r.run();
      expect(finals.map((j) => j.state)).toEqual(['staged', 'failed', 'staged']);
      expect(finals[1]?.code).toBe('STAGE_DISK_FULL');
      expect(listFilesDeep(r.mounts[1] as string).map((f) => path.basename(f))).toEqual(['filler.bin']);
      expectSound(r);
    });
  }
});
