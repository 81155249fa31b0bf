import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournalDatabase, type JournalDatabase } from '../../../src/main/journal/database';
import { CATCH_UP_ROWS, createJournalQuery } from '../../../src/main/journal/journal-query';
import { holdWriteLock } from '../../support/journal-faults';
import { tempDir } from '../../support/temp';

const dir = tempDir('eb-query-');
let journal: JournalDatabase;
let query: ReturnType<typeof createJournalQuery>;

beforeAll(() => {
  journal = openJournalDatabase({ dataDir: path.join(dir.path, 'data'), Database });
  const insert = journal.db.prepare('INSERT INTO events (at, session_id, target_id, kind, to_state, message) VALUES (?, ?, ?, ?, ?, ?)');
  journal.db.transaction(() => {
    for (let i = 1; i <= 5000; i += 1) {
      insert.run(new Date(Date.UTC(2026, 10, 26, 0, 0, i)).toISOString(), i % 2 ? 's1' : 's2', `mac-${i % 7}`, 'job-state', i % 3 ? 'staged' : 'failed', `event number ${i}`);
    }
  })();
  query = createJournalQuery(journal.db);
});
afterAll(() => {
  journal.close();
  dir.cleanup();
});

describe('journal pages for the log view', () => {
  it('lists newest first with the total, at any depth', () => {
    const first = query({}, 0, 3);
    expect(first.total).toBe(5000);
    expect(first.events.map((e) => e.message)).toEqual(['event number 5000', 'event number 4999', 'event number 4998']);
    const deep = query({}, 4998, 5);
    expect(deep.events.map((e) => e.message)).toEqual(['event number 2', 'event number 1']);
  });

  it('filters by session, target, state and text, and pages the filtered result', () => {
    const page = query({ sessionId: 's1', state: 'failed' }, 0, 2);
    expect(page.total).toBe(833); // odd multiples of 3 up to 5000
    expect(page.events.every((e) => e.sessionId === 's1' && e.toState === 'failed')).toBe(true);
    expect(query({ text: 'number 4242' }, 0, 10).events.map((e) => e.message)).toEqual(['event number 4242']);
    expect(query({ targetId: 'mac-3' }, 0, 1).events[0]?.targetId).toBe('mac-3');
  });

  it('treats % and _ in the search text literally', () => {
    expect(query({ text: '100%' }, 0, 10).total).toBe(0);
    expect(query({ text: 'number_1' }, 0, 10).total).toBe(0);
  });
});

describe('journal rows carry the target’s name', () => {
  it('names the Mac in each row, and finds rows by that name', () => {
    journal.db.prepare("INSERT INTO targets (id, kind, name, first_seen_at, last_seen_at) VALUES ('mac-3', 'mac-volume', 'Mac Three', 'x', 'x')").run();
    const page = query({ targetId: 'Mac Three' }, 0, 2);
    expect(page.total).toBe(714);
    expect(page.events.every((e) => e.targetId === 'mac-3' && e.targetName === 'Mac Three')).toBe(true);
    expect(query({ text: 'three' }, 0, 1).total).toBe(714);
    expect(query({}, 0, 1).events[0]).toHaveProperty('targetName');
  });
});

describe('the Log total on a journal that grows', () => {
  it('counts every committed event and none of a transaction that was rolled back', () => {
    const insert = journal.db.prepare("INSERT INTO events (at, kind, message) VALUES ('2026-11-27T00:00:00.000Z', 'note', ?)");
    const before = query({}, 0, 1).total;
    expect(() =>
      journal.db.transaction(() => {
        insert.run('never committed');
        throw new Error('stopped');
      })(),
    ).toThrow('stopped');
    expect(query({}, 0, 1)).toMatchObject({ total: before });
    insert.run('committed');
    const after = query({}, 0, 1);
    expect(after.total).toBe(before + 1);
    expect(after.events[0]?.message).toBe('committed');
  });
});

describe('the Log search and totals at any size (migration 6)', () => {
  it('gives the same state and kind totals from the tallies as counting would, as events arrive', () => {
    const count = (sql: string, value: string) => (journal.db.prepare(sql).get(value) as { n: number }).n;
    const insert = journal.db.prepare("INSERT INTO events (at, kind, to_state, message) VALUES ('2026-11-28T00:00:00.000Z', ?, ?, 'tallied')");
    insert.run('job-state', 'failed');
    insert.run('job-warning', null);
    for (const state of ['failed', 'staged']) expect(query({ state }, 0, 1).total).toBe(count('SELECT count(*) AS n FROM events WHERE to_state = ?', state));
    for (const kind of ['job-state', 'job-warning', 'never-seen']) expect(query({ kind }, 0, 1).total).toBe(count('SELECT count(*) AS n FROM events WHERE kind = ?', kind));
  });

  it('finds text as a case-insensitive substring of the message, code, kind, target id, path or name, quotes and all', () => {
    const insert = journal.db.prepare("INSERT INTO events (at, kind, target_id, code, message, path) VALUES ('2026-11-29T00:00:00.000Z', 'job-state', ?, ?, ?, ?)");
    insert.run('mac-search', 'STAGE_DISCONNECTED', 'The Mac "Studio" was unplugged', '/Volumes/Studio - Data/Users/Shared/Enrollment/Contoso.mobileconfig');
    const messages = (text: string) => query({ text }, 0, 10).events.map((e) => e.message);
    expect(messages('UNPLUGGED')).toEqual(['The Mac "Studio" was unplugged']);
    expect(messages('"Studio" was')).toEqual(['The Mac "Studio" was unplugged']);
    expect(messages('stage_disc')).toEqual(['The Mac "Studio" was unplugged']);
    expect(messages('Enrollment/Contoso')).toEqual(['The Mac "Studio" was unplugged']);
    expect(messages('ac-sear')).toEqual(['The Mac "Studio" was unplugged']);
    expect(query({ text: 'UNPLUGGED' }, 0, 10).total).toBe(1);
    // Under three characters there is no trigram: the search reads the rows (a short journal's case).
    expect(query({ text: '"S' }, 0, 10).events.map((e) => e.message)).toEqual(['The Mac "Studio" was unplugged']);
    // Combined with another filter, the text still narrows.
    expect(query({ text: 'unplugged', kind: 'job-warning' }, 0, 10).total).toBe(0);
  });
});

describe('the text index catching up at search time (migration 7)', () => {
  it('indexes what arrived since the last search, and still finds it, without waiting, while another process holds the lock', async () => {
    const upto = () => (journal.db.prepare('SELECT seq FROM events_text_upto').get() as { seq: number }).seq;
    const insert = journal.db.prepare("INSERT INTO events (at, kind, message) VALUES ('2026-11-30T00:00:00.000Z', 'note', ?)");
    while (!query.catchUpText()) {
      // what the tests above wrote, a step at a time
    }
    // The background step they started (25 ms after a search that left the index behind) finds
    // nothing left, and stops: it must not index the row written below before the lock is held.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const first = Number(insert.run('a Mac called Zephyr arrived').lastInsertRowid);
    expect(upto()).toBeLessThan(first);
    expect(query({ text: 'zephyr' }, 0, 10).events.map((e) => e.message)).toEqual(['a Mac called Zephyr arrived']);
    expect(upto()).toBeGreaterThanOrEqual(first);

    const second = Number(insert.run('a Mac called Zephyrine arrived').lastInsertRowid);
    const busyBefore = journal.db.pragma('busy_timeout', { simple: true });
    const lock = await holdWriteLock(path.join(dir.path, 'data', 'journal.sqlite3'));
    try {
      const found = query({ text: 'zephyr' }, 0, 10);
      expect(found.events.map((e) => e.message)).toEqual(['a Mac called Zephyrine arrived', 'a Mac called Zephyr arrived']);
      expect(found.total).toBe(2);
      expect(upto()).toBeLessThan(second); // not indexed: the lock was held
      // It tried with no wait (busy_timeout 0 for the attempt) and put the journal's own back.
      expect(journal.db.pragma('busy_timeout', { simple: true })).toBe(busyBefore);
    } finally {
      await lock.release();
    }
    expect(query({ text: 'zephyr' }, 0, 10).total).toBe(2);
    expect(upto()).toBeGreaterThanOrEqual(second);
  });
});

describe('a search after a long unsearched stretch', () => {
  it(`indexes at most ${CATCH_UP_ROWS.toLocaleString('en')} new events per search and still counts and finds every match`, () => {
    const upto = () => (journal.db.prepare('SELECT seq FROM events_text_upto').get() as { seq: number }).seq;
    query({ text: 'anything' }, 0, 1); // index what is there
    const start = upto();
    const insert = journal.db.prepare("INSERT INTO events (at, kind, message) VALUES ('2026-12-01T00:00:00.000Z', 'note', ?)");
    journal.db.transaction(() => {
      for (let i = 0; i < 12_000; i += 1) insert.run(i % 1000 === 0 ? `quokka sighting ${i}` : `plain event ${i}`);
    })();
    const first = query({ text: 'QUOKKA' }, 0, 100);
    expect(first.total).toBe(12);
    expect(first.events[0]?.message).toBe('quokka sighting 11000');
    expect(upto() - start).toBe(CATCH_UP_ROWS);
    // Each search indexes one more step, and finds every match whatever the index holds.
    for (let searches = 2; searches <= Math.ceil(12_000 / CATCH_UP_ROWS); searches += 1) {
      expect(query({ text: 'quokka' }, 0, 100).total).toBe(12);
      expect(upto() - start).toBe(Math.min(12_000, searches * CATCH_UP_ROWS));
    }
  });

  it('pages a search newest first across events the index holds and events newer than it', () => {
    query({ text: 'anything' }, 0, 1);
    while (!query.catchUpText()) {
      // index what is there
    }
    const insert = journal.db.prepare("INSERT INTO events (at, kind, message) VALUES ('2026-12-01T00:00:00.000Z', 'note', ?)");
    journal.db.transaction(() => {
      for (let i = 0; i < 12_000; i += 1) insert.run(i % 1000 === 0 ? `wombat crossing ${i}` : `quiet event ${i}`);
    })();
    // This search indexes the first CATCH_UP_ROWS (1,000: wombat 0) and reads the others row by row.
    const page = query({ text: 'wombat' }, 5, 4);
    expect(page.total).toBe(12);
    expect(page.events.map((e) => e.message)).toEqual(['wombat crossing 6000', 'wombat crossing 5000', 'wombat crossing 4000', 'wombat crossing 3000']);
    const walked = [0, 5, 10].flatMap((offset) => query({ text: 'WOMBAT' }, offset, 5).events.map((e) => e.message));
    expect(walked).toEqual(Array.from({ length: 12 }, (_, i) => `wombat crossing ${(11 - i) * 1000}`));
    expect(query({ text: 'wombat' }, 12, 5)).toMatchObject({ events: [], total: 12 });
  });
});
