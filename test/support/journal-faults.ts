import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { DATABASE_FILE, openJournalDatabase } from '../../src/main/journal/database';
import { createEventAppender } from '../../src/main/journal/journal-events';
import { fixedClock } from '../../src/main/platform/clock';
import { runCliProcess } from './processes';
import { enrollmentProfile } from './profile-fixtures';
import { fileSystemNow } from './kernel-clock';

// Real faults for the journal: another process (the sqlite3 shell) holding its write lock, and
// files damaged the ways disks and people damage them.

export interface HeldLock {
  release(): Promise<void>;
}

/** `sqlite3 FILE` takes the journal's write lock (BEGIN IMMEDIATE) and keeps it until released. */
export function holdWriteLock(file: string): Promise<HeldLock> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.on('error', reject);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) {
        resolve({
          release: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.stdin?.end('ROLLBACK;\n.quit\n');
            }),
        });
      }
    });
    child.stdin?.write("PRAGMA busy_timeout = 10000;\nBEGIN IMMEDIATE;\nSELECT 'locked';\n");
  });
}

/** integrity_check of a journal file, read-only: 'ok' or the first problem. */
export function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

export type Damage = 'header' | 'truncated' | 'zeroed-page' | 'garbage-page' | 'bad-page-type' | 'freelist' | 'all-zero' | 'empty-wal-garbage';

/** Damage a checkpointed journal file in place (page size 4096, the default). */
export function damage(file: string, kind: Damage, pick: number): void {
  const bytes = fs.readFileSync(file);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const pages = Math.floor(bytes.length / pageSize);
  // A page in the middle of the file (never page 1, which holds the schema).
  const page = 2 + (pick % Math.max(1, pages - 2));
  const at = (page - 1) * pageSize;
  switch (kind) {
    case 'header':
      bytes.fill(0x5a, 0, 100);
      break;
    case 'truncated':
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(pages / 2) * pageSize + 123));
      return;
    case 'zeroed-page':
      bytes.fill(0, at, at + pageSize);
      break;
    case 'garbage-page':
      for (let i = 0; i < pageSize; i += 1) bytes[at + i] = (i * 131 + pick * 17) & 0xff;
      break;
    case 'bad-page-type':
      bytes[at] = 0x07;
      break;
    case 'freelist':
      // The header's freelist trunk page points past the end of the file.
      bytes.writeUInt32BE(pages + 1000, 32);
      bytes.writeUInt32BE(5, 36);
      break;
    case 'all-zero':
      bytes.fill(0);
      break;
    case 'empty-wal-garbage':
      fs.writeFileSync(`${file}-wal`, Buffer.alloc(8192, 0xab));
      return;
  }
  fs.writeFileSync(file, bytes);
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A journal with some history: 400 events over many pages, checkpointed into the main file. */
export function journalWithHistory(dataDir: string): void {
  const journal = openJournalDatabase({ dataDir, Database });
  const append = createEventAppender(journal.db, fixedClock(Date.parse('2026-11-26T10:00:00Z')));
  journal.db.transaction(() => {
    for (let i = 0; i < 400; i += 1) append({ kind: 'job-warning', code: 'TEST', message: `event ${i} ${'x'.repeat(200)}` });
  })();
  journal.close();
}

/**
 * The promise for a damaged journal, through the real CLI: a write is refused with JOURNAL_CORRUPT
 * (exit 1, JSON, a --repair hint) and the file is left byte for byte; with --repair it is kept
 * aside under a timestamped name, a new journal starts and records where the old one went.
 */
export async function expectCorruptJournalHandled(root: string, kind: Damage, pick: number): Promise<void> {
  const dataDir = path.join(root, 'data');
  journalWithHistory(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  damage(file, kind, pick);
  const before = sha(file);
  const profileFile = path.join(root, 'Contoso.mobileconfig');
  fs.writeFileSync(profileFile, enrollmentProfile({ displayName: 'Contoso Macs' }));

  // Evaluated at the kernel's time, which stamped the file: under faketime the process clock is
  // far from it and the profile would be judged by a birth time a year old (exit 3).
  const at = ['--now', new Date(fileSystemNow() + 60_000).toISOString()];
  const refused = await runCliProcess(['--data-dir', dataDir, 'profile', 'import', profileFile, '--json', ...at]);
  expect(refused.code, refused.stderr).toBe(1);
  expect((JSON.parse(refused.stdout) as { error: { code: string } }).error.code).toBe('JOURNAL_CORRUPT');
  expect(refused.stderr).toContain('--repair');
  expect(sha(file)).toBe(before);
  expect(fs.readdirSync(dataDir).filter((n) => n.includes('.corrupt-'))).toEqual([]);

  const repaired = await runCliProcess(['--data-dir', dataDir, '--repair', 'profile', 'import', profileFile, '--json', ...at]);
  expect(repaired.code, repaired.stderr).toBe(0);
  const kept = fs.readdirSync(dataDir).filter((n) => /^journal\.sqlite3\.corrupt-\d{8}T\d{6}Z$/.test(n));
  expect(kept).toHaveLength(1);
  expect(sha(path.join(dataDir, kept[0] as string))).toBe(before);
  expect(integrityOf(file)).toBe('ok');
  const db = new Database(file, { readonly: true });
  const event = db.prepare("SELECT path FROM events WHERE kind = 'journal-repaired'").get() as { path: string } | undefined;
  db.close();
  expect(event?.path).toBe(path.join(dataDir, kept[0] as string));
}
