// Staging throughput against the plainest possible copy (write + fsync of the same bytes to the
// same folders), measured in the same run; and how many journal events per second commit durably.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../../src/main/platform/clock';
import { openJournalDatabase } from '../../src/main/journal/database';
import { createJournalStore } from '../../src/main/journal/journal-store';
import { createJobRunner, type StagingProfile } from '../../src/main/staging/job-runner';
import { macTarget } from '../support/targets';
import { emitReport, median, type BenchRow } from './report';

const ROUNDS = 7;
const PROFILE_BYTES = 24 * 1024; // a signed Intune enrollment profile is a few tens of KB
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-bench-staging-'));
const bytes = crypto.randomBytes(PROFILE_BYTES);
const profile: StagingProfile = {
  sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  bytes,
  displayName: 'Bench Profile',
  organization: 'Bench',
  mdmHost: 'manage.microsoft.com',
  expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  isEnrollmentProfile: true,
  notEnrollmentReason: null,
  errors: [],
  minMacOS: '12.0',
};

function volumes(round: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const dir = path.join(base, round, `Mac ${i}`);
    fs.mkdirSync(path.join(dir, 'Users', 'Shared', 'Enrollment'), { recursive: true });
    return dir;
  });
}

async function plainCopy(roots: string[]): Promise<number> {
  const start = performance.now();
  await Promise.all(
    roots.map(async (root) => {
      const handle = await fs.promises.open(path.join(root, 'Users', 'Shared', 'Enrollment', 'plain.mobileconfig'), 'w');
      await handle.write(bytes);
      await handle.sync();
      await handle.close();
    }),
  );
  return performance.now() - start;
}

async function benchStaging(roots: string[], label: string): Promise<number> {
  const journal = openJournalDatabase({ dataDir: path.join(base, `${label}-data`), Database });
  const store = createJournalStore(journal.db, systemClock);
  const targets = new Map(roots.map((root, i) => [`mac-${i}`, macTarget(`mac-${i}`, root)]));
  const runner = createJobRunner({ store, clock: systemClock, getTarget: (id) => targets.get(id) ?? null, onJobChanged: () => {}, onProgress: () => {}, concurrency: () => 8 });
  const session = store.startSession({ technician: 'bench', benchHost: 'bench', profileSha256: profile.sha256, kiosk: false });
  const start = performance.now();
  runner.stage(session, profile, [...targets.keys()]);
  await runner.whenIdle();
  const elapsed = performance.now() - start;
  const notStaged = store.jobsOfSession(session.id).filter((j) => j.state !== 'staged');
  if (notStaged.length) throw new Error(`${notStaged.length} jobs not staged`);
  journal.close();
  return elapsed;
}

const rows: BenchRow[] = [];
for (const count of [1, 8, 32]) {
  const plain: number[] = [];
  const staged: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    plain.push(await plainCopy(volumes(`plain-${count}-${round}`, count)));
    staged.push(await benchStaging(volumes(`stage-${count}-${round}`, count), `stage-${count}-${round}`));
  }
  const p = median(plain);
  const s = median(staged);
  rows.push({ label: `${count} target${count > 1 ? 's' : ''}: stage (journal + atomic write + verify + instructions)`, value: s, ratio: s / p, extra: `plain write+fsync median ${p.toFixed(1)} ms` });
}

// Journal throughput: job transitions, each its own durable transaction (WAL, synchronous=FULL).
const journal = openJournalDatabase({ dataDir: path.join(base, 'throughput'), Database });
const store = createJournalStore(journal.db, systemClock);
const session = store.startSession({ technician: 'bench', benchHost: 'bench', profileSha256: profile.sha256, kiosk: false });
const events = 2000;
const start = performance.now();
for (let i = 0; i < events / 2; i += 1) {
  const q = store.queueJob({ sessionId: session.id, targetId: `t-${i}`, profileSha256: profile.sha256, bytesTotal: 1 });
  store.transition(q.job.id, 'staging', { attempts: 1 });
}
const seconds = (performance.now() - start) / 1000;
journal.close();
// Baseline: the same number of fsyncs of a small file, the floor for any durable commit.
const fsyncFile = path.join(base, 'fsync-baseline');
const fd = fs.openSync(fsyncFile, 'w');
const fsyncStart = performance.now();
for (let i = 0; i < events; i += 1) {
  fs.writeSync(fd, 'x');
  fs.fsyncSync(fd);
}
const fsyncSeconds = (performance.now() - fsyncStart) / 1000;
fs.closeSync(fd);
const perSecond = events / seconds;
const fsyncPerSecond = events / fsyncSeconds;
rows.push({ label: 'journal: durable events per second (one transaction each)', value: perSecond, unit: 'events/s', ratio: perSecond / fsyncPerSecond, extra: `bare write+fsync: ${fsyncPerSecond.toFixed(0)}/s` });

fs.rmSync(base, { recursive: true, force: true });
emitReport({
  name: 'Staging and journal',
  description: `Median of ${ROUNDS} rounds; ${PROFILE_BYTES / 1024} KB profile; concurrency 8; ratios are to a plain write+fsync of the same bytes to the same kind of folders in the same run (lower is better), and for the journal to bare fsyncs (higher is better).`,
  unit: 'ms',
  results: rows,
});
