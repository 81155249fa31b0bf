import { BenchError } from '../../shared/errors';
import type { ExportKind, ExportResult } from '../../shared/models/staging';
import type { SqliteDatabase } from './database';
import { sessionLogCsv, sessionLogJson, serialListFiles, type SerialRow } from './exports';
import { eventFromRow } from './journal-events';
import type { JournalStore } from './journal-store';

interface StagedRow {
  target_id: string;
  name: string;
  serial: string | null;
  macos_version: string | null;
  state: string;
  updated_at: string;
}

/** Build the export files of one session (the open one, else the newest). */
export function exportSession(db: SqliteDatabase, store: JournalStore, kind: ExportKind, sessionId: string | null): ExportResult {
  const session = sessionId ? store.getSession(sessionId) : (store.currentSession() ?? store.listSessions()[0] ?? null);
  if (!session) throw new BenchError('USAGE', 'there is no session to export yet');
  const stamp = session.startedAt.slice(0, 10);
  const base = `enrollment-bench-${stamp}-${session.id.slice(0, 8)}`;

  if (kind === 'session-csv' || kind === 'session-json') {
    const rows = db.prepare('SELECT * FROM events WHERE session_id = ? ORDER BY seq').all(session.id) as Parameters<typeof eventFromRow>[0][];
    const events = rows.map(eventFromRow);
    return kind === 'session-csv'
      ? { files: [{ name: `${base}-log.csv`, mimeType: 'text/csv', content: sessionLogCsv(events) }], withoutSerial: [] }
      : { files: [{ name: `${base}-log.json`, mimeType: 'application/json', content: sessionLogJson(events) }], withoutSerial: [] };
  }

  const { rows, withoutSerial } = serialRowsOfSession(db, session.id);
  const name = kind === 'corporate-identifiers' ? `${base}-intune-corporate-identifiers` : `${base}-configurator-serials`;
  return { files: serialListFiles(name, rows), withoutSerial };
}

/** A serial row of a session, with the Mac it belongs to. */
export interface SessionSerialRow extends SerialRow {
  readonly targetId: string;
}

/**
 * The serial rows of a session: its Macs whose profile is on them (staged, awaiting approval, or
 * enrolled). Carriers are never Macs and never listed. The CSV exports and the Intune upload
 * (importDeviceIdentityList) both send exactly these rows.
 */
export function serialRowsOfSession(db: SqliteDatabase, sessionId: string): { rows: SessionSerialRow[]; withoutSerial: string[] } {
  const staged = db
    .prepare(
      `SELECT j.target_id, t.name, COALESCE(st.serial, t.serial) AS serial, t.macos_version, j.state, j.updated_at
         FROM jobs j JOIN targets t ON t.id = j.target_id
         LEFT JOIN session_targets st ON st.session_id = j.session_id AND st.target_id = j.target_id
        WHERE j.session_id = ? AND j.state IN ('staged', 'awaiting-approval', 'enrolled') AND t.kind <> 'carrier'
        ORDER BY j.created_at, j.rowid`,
    )
    .all(sessionId) as StagedRow[];
  const rows: SessionSerialRow[] = [];
  const withoutSerial: string[] = [];
  for (const row of staged) {
    if (!row.serial) {
      withoutSerial.push(row.name);
      continue;
    }
    const version = row.macos_version ? ` macOS ${row.macos_version}` : '';
    rows.push({ targetId: row.target_id, serial: row.serial, details: `${row.name}${version} staged ${row.updated_at.slice(0, 10)} by Enrollment Bench` });
  }
  return { rows, withoutSerial };
}
