// The journal: how many job transitions commit durably per second (synchronous FULL and NORMAL,
// one transition per transaction and group-committed the way the job runner commits them when
// many Macs stage at once), against bare write+fsync in the same run; how fast the Log screen's
// pages come back at 10k, 100k and 1M events; and a CSV export of 100k rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../../src/main/platform/clock';
import { openJournalDatabase, type JournalDatabase } from '../../src/main/journal/database';
import { CATCH_UP_ROWS, createJournalQuery, type JournalFilter } from '../../src/main/journal/journal-query';
import { createJournalStore, type JournalStore } from '../../src/main/journal/journal-store';
import { exportSession } from '../../src/main/journal/session-exports';
import { FIXTURE_TARGETS, growJournalTo, seedCatalogue } from './journal-fixture';
import { emitReport, goal, percentile, sampledRow, stats, timed, type BenchRow } from './report';

const ROUNDS = 7;
const SINGLE_EVENTS = 300;
const WRITERS = 32;
const PER_WRITER = 16;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-bench-journal-'));
let serial = 0;
const openJournal = (synchronous: 'FULL' | 'NORMAL'): { journal: JournalDatabase; store: JournalStore } => {
  const journal = openJournalDatabase({ dataDir: path.join(work, `j${(serial += 1)}`), Database });
  journal.db.pragma(`synchronous = ${synchronous}`);
  return { journal, store: createJournalStore(journal.db, systemClock) };
};
const SHA = 'a'.repeat(64);

/** One transition per transaction: queue a job, start it (two events), over and over. */
function singleRound(synchronous: 'FULL' | 'NORMAL'): number {
  const { journal, store } = openJournal(synchronous);
  const session = store.startSession({ technician: 'bench', benchHost: 'bench', profileSha256: SHA, kiosk: false });
  const start = performance.now();
  for (let i = 0; i < SINGLE_EVENTS / 2; i += 1) {
    const q = store.queueJob({ sessionId: session.id, targetId: `t-${i}`, profileSha256: SHA, bytesTotal: 1 });
    store.transition(q.job.id, 'staging', { attempts: 1, path: '/Volumes/Mac/Users/Shared/Enrollment/Bench.mobileconfig' });
  }
  const seconds = (performance.now() - start) / 1000;
  journal.close();
  return SINGLE_EVENTS / seconds;
}

/** WRITERS jobs at once, each awaiting its own transitions through the group commit. */
async function groupedRound(synchronous: 'FULL' | 'NORMAL'): Promise<{ perSecond: number; perCommit: number }> {
  const { journal, store } = openJournal(synchronous);
  const session = store.startSession({ technician: 'bench', benchHost: 'bench', profileSha256: SHA, kiosk: false });
  const before = store.groupCommitStats;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < PER_WRITER / 2; i += 1) {
        const q = await store.grouped(() => store.queueJob({ sessionId: session.id, targetId: `t-${w}-${i}`, profileSha256: SHA, bytesTotal: 1 }));
        await store.grouped(() => store.transition(q.job.id, 'staging', { attempts: 1, path: '/Volumes/Mac/Users/Shared/Enrollment/Bench.mobileconfig' }));
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const after = store.groupCommitStats;
  journal.close();
  return { perSecond: (WRITERS * PER_WRITER) / seconds, perCommit: (after.units - before.units) / Math.max(1, after.commits - before.commits) };
}

function bareFsyncsPerSecond(): number {
  const file = path.join(work, `fsync-${(serial += 1)}`);
  const fd = fs.openSync(file, 'w');
  const start = performance.now();
  for (let i = 0; i < SINGLE_EVENTS; i += 1) {
    fs.writeSync(fd, 'x');
    fs.fsyncSync(fd);
  }
  const seconds = (performance.now() - start) / 1000;
  fs.closeSync(fd);
  fs.rmSync(file);
  return SINGLE_EVENTS / seconds;
}

const FILTERS: ReadonlyArray<{ name: string; filter: JournalFilter; offset?: number }> = [
  { name: 'newest page', filter: {} },
  { name: 'page 200 (offset 20,000)', filter: {}, offset: 20_000 },
  { name: 'one session', filter: { sessionId: 's-3' } },
  { name: 'one target (by name)', filter: { targetId: 'Mac 42' } },
  { name: 'state failed', filter: { state: 'failed' } },
  { name: 'kind job-warning', filter: { kind: 'job-warning' } },
  { name: 'text "unplugged"', filter: { text: 'unplugged' } },
  { name: 'session + state', filter: { sessionId: 's-3', state: 'staged' } },
];
const PAGE = 100;

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  const fsyncs: number[] = [];
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    const single: number[] = [];
    const grouped: number[] = [];
    const perCommit: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      fsyncs.push(bareFsyncsPerSecond());
      single.push(singleRound(synchronous));
      const g = await groupedRound(synchronous);
      grouped.push(g.perSecond);
      perCommit.push(g.perCommit);
    }
    const bare = stats(fsyncs).median;
    const s = stats(single);
    const g = stats(grouped);
    rows.push(
      sampledRow(`journal ${synchronous}: durable events/s, one per transaction`, single, {
        unit: 'events/s',
        ratios: { ratioToBareFsync: s.median / bare },
        ...(synchronous === 'FULL' ? { goal: goal('journal ≥ 5,000 durable events/s at FULL', s.median, 5000, 'at-least') } : {}),
        extra: `bare write+fsync median ${bare.toFixed(0)}/s`,
      }),
    );
    rows.push(
      sampledRow(`journal ${synchronous}: durable events/s, group-committed (${WRITERS} jobs at once)`, grouped, {
        unit: 'events/s',
        ratios: { ratioToBareFsync: g.median / bare, ratioToOnePerTransaction: g.median / s.median },
        ...(synchronous === 'FULL' ? { goal: goal('journal ≥ 5,000 durable events/s at FULL', g.median, 5000, 'at-least') } : {}),
        extra: `median ${stats(perCommit).median.toFixed(1)} events per commit; the way the job runner commits`,
      }),
    );
  }
  rows.push(sampledRow('bare write+fsync per second (baseline)', fsyncs, { unit: 'fsyncs/s' }));

  // Log pages at 10k, 100k and 1M events.
  const { journal } = openJournal('FULL');
  seedCatalogue(journal.db);
  const query = createJournalQuery(journal.db);
  const seekFloor = journal.db.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT ?');
  const catchUps: Array<{ size: number; ms: number; chunks: number[] }> = [];
  for (const size of [10_000, 100_000, 1_000_000]) {
    const built = await timed(() => growJournalTo(journal.db, size));
    // The bench catches its text index up in the background (bounded chunks); the pages are
    // measured once it has, and the catch-up itself is reported.
    // One chunk per call, each timed: how long each one holds the core's thread.
    const chunks: number[] = [];
    for (let done = false; !done; ) {
      const start = performance.now();
      done = query.catchUpText();
      chunks.push(performance.now() - start);
    }
    catchUps.push({ size, ms: chunks.reduce((sum, ms) => sum + ms, 0), chunks });
    journal.db.pragma('wal_checkpoint(TRUNCATE)');
    journal.db.exec('ANALYZE');
    const floor: number[] = [];
    const all: number[] = [];
    const perFilter = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      floor.push(await timed(() => seekFloor.all(PAGE)));
      for (const f of FILTERS) {
        const t = await timed(() => query(f.filter, f.offset ?? 0, PAGE));
        all.push(t);
        perFilter.set(f.name, [...(perFilter.get(f.name) ?? []), t]);
      }
    }
    const slowest = [...perFilter].map(([name, v]) => ({ name, p95: percentile(v, 95) })).sort((a, b) => b.p95 - a.p95);
    const p95 = percentile(all, 95);
    const floorMedian = stats(floor).median;
    rows.push(
      sampledRow(`log page (${PAGE} rows with total) at ${size.toLocaleString('en')} events, over the Log screen's filters (p95 in its column)`, all, {
        ratios: { ratioToPrimaryKeySeek: stats(all).median / floorMedian, ratioP95ToPrimaryKeySeek: p95 / floorMedian },
        ...(size === 1_000_000 ? { goal: goal('log page p95 ≤ 20 ms at 1M events', p95, 20, 'at-most') } : {}),
        extra: `p95 is the column; slowest: ${slowest
          .slice(0, 3)
          .map((s) => `${s.name} ${s.p95.toFixed(1)} ms`)
          .join(', ')}; seek floor ${floorMedian.toFixed(2)} ms; journal grown in one transaction in ${(built / 1000).toFixed(1)} s`,
      }),
    );
    if (size === 1_000_000) for (const [name, v] of perFilter) rows.push(sampledRow(`log page at 1M events: ${name}`, v));
    process.stderr.write(`journal bench: ${size} events, page p95 ${p95.toFixed(1)} ms\n`);
  }
  journal.close();
  for (const c of catchUps) {
    rows.push(
      sampledRow(`text index catch-up after growing to ${c.size.toLocaleString('en')} events: one ${CATCH_UP_ROWS.toLocaleString('en')}-event chunk`, c.chunks, {
        unit: 'ms',
        extra:
          `${c.chunks.length} chunks, ${c.ms.toFixed(0)} ms in all: what a bench does in the background (a chunk, then 25 ms for everything else) after recording ` +
          'this many events unsearched; each chunk holds the core’s thread for its time; searches meanwhile read the newer rows one by one',
      }),
    );
  }

  // CSV export of one session with 100k events.
  {
    const { journal: j, store } = openJournal('FULL');
    seedCatalogue(j.db);
    j.db.prepare(
      `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000)
       INSERT INTO events (at, session_id, target_id, job_id, kind, to_state, message, profile_sha256, path)
       SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 1767225600 + x, 'unixepoch'), 's-0', 't-' || (x % ${FIXTURE_TARGETS}), 'job-' || x, 'job-state',
              'staged', 'Attempt 1 of 3, "quoted", =formula-looking', '${SHA}', '/Volumes/Mac ' || x || '/Users/Shared/Enrollment/Bench.mobileconfig' FROM c`,
    ).run();
    const exportTimes: number[] = [];
    const readTimes: number[] = [];
    let size = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      exportTimes.push(
        await timed(() => {
          size = exportSession(j.db, store, 'session-csv', 's-0').files[0]?.content.length ?? 0;
        }),
      );
      readTimes.push(await timed(() => JSON.stringify(j.db.prepare("SELECT * FROM events WHERE session_id = 's-0' ORDER BY seq").all())));
    }
    const read = stats(readTimes).median;
    rows.push(
      sampledRow('CSV export of a 100,000-row session log', exportTimes, {
        ratios: { ratioToReadAndJsonStringify: stats(exportTimes).median / read },
        extra: `${(size / 1024 / 1024).toFixed(1)} MB; baseline: reading the same rows and JSON.stringify, median ${read.toFixed(0)} ms`,
      }),
    );
    j.close();
  }

  emitReport({
    name: 'Journal',
    description:
      `Median, p95 and min–max of ${ROUNDS} rounds (for log pages: over the Log screen's ${FILTERS.length} filter cases × ${ROUNDS} rounds). ` +
      `Events/s: ${SINGLE_EVENTS} job transitions each committed alone, or ${WRITERS} jobs × ${PER_WRITER} transitions committed through the ` +
      'journal store\'s group commit (each caller resolves only once its transaction is durable); WAL; the journal in the temp folder (' +
      `${os.tmpdir()}); ratios to bare write+fsync of one small file in the same folder and run (higher is better). ` +
      'Log pages: the queryJournal call (rows + total) of the Log screen, ratio to a bare primary-key seek of the newest page.',
    unit: 'ms',
    results: rows,
  });
}

try {
  await main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
