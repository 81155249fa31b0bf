import { afterEach, describe, it, expect } from 'vitest';
import path from 'node:path';
import { DATABASE_FILE } from '../../src/main/journal/database';
import { damage, expectCorruptJournalHandled, journalWithHistory, type Damage } from '../support/journal-faults';
import { runCliProcess } from '../support/processes';
import { tempDir } from '../support/temp';

// Every kind of damage a journal file meets (a bad sector, a torn copy, a stray write, a broken
// freelist): refused for writing, left untouched, kept aside only with --repair.
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

const kinds: Array<[Damage, number]> = [
  ['header', 0],
  ['all-zero', 0],
  ['truncated', 0],
  ['zeroed-page', 3],
  ['zeroed-page', 11],
  ['garbage-page', 5],
  ['garbage-page', 17],
  ['bad-page-type', 7],
  ['bad-page-type', 13],
  ['freelist', 0],
];

describe('a damaged journal', () => {
  for (const [kind, pick] of kinds) {
    it(`(${kind} #${pick}) is refused with JOURNAL_CORRUPT, left untouched, and kept aside only with --repair`, async () => {
      const dir = tempDir('eb-fault-corrupt-');
      cleanups.push(dir.cleanup);
      await expectCorruptJournalHandled(dir.path, kind, pick);
    });
  }

  it('a WAL of garbage is ignored by SQLite: the journal opens and integrity_check is ok', async () => {
    const dir = tempDir('eb-fault-wal-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    journalWithHistory(dataDir);
    damage(path.join(dataDir, DATABASE_FILE), 'empty-wal-garbage', 0);
    const run = await runCliProcess(['--data-dir', dataDir, 'journal-check', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
  });
});
