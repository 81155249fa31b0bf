import { stringify } from 'csv-stringify/sync';
import type { JournalEvent } from '../../shared/models/session';

// Files people take elsewhere: the session log (CSV, JSON), and the two serial-number lists Intune
// and Apple Configurator import (DOMAIN.md §1): no header, `serial,details`, at most 5,000 rows a
// file, details at most 128 characters, no periods in serials. Cells that a spreadsheet would run
// as a formula (=, +, -, @, tab, CR) are escaped.

export const MAX_ROWS_PER_FILE = 5000;
export const MAX_DETAILS_LENGTH = 128;

export interface ExportFile {
  readonly name: string;
  readonly mimeType: string;
  readonly content: string;
}

export interface SerialRow {
  readonly serial: string;
  readonly details: string;
}

const csv = (rows: readonly (readonly unknown[])[]) =>
  stringify(rows as unknown[][], { escape_formulas: true, record_delimiter: 'unix', cast: { boolean: (b) => (b ? 'true' : 'false') } });

/** Details as Intune accepts them: single line, no commas or quotes to argue about, ≤ 128 chars. */
export function cleanDetails(details: string): string {
  const flat = details.replace(/[\r\n\t,"]+/g, ' ').replace(/\s+/g, ' ').trim();
  return Array.from(flat).slice(0, MAX_DETAILS_LENGTH).join('').trim();
}

/** The rows Intune accepts: serials of letters and digits only (no periods). The Graph upload uses it too. */
export function exportableSerialRows<T extends SerialRow>(rows: readonly T[]): T[] {
  return rows.filter((r) => /^[A-Z0-9]+$/.test(r.serial));
}

/** Split serial rows into files of at most 5,000 rows, named name.csv or name-1.csv, name-2.csv… */
export function serialListFiles(baseName: string, rows: readonly SerialRow[]): ExportFile[] {
  const valid = exportableSerialRows(rows);
  const chunks: SerialRow[][] = [];
  for (let i = 0; i < valid.length; i += MAX_ROWS_PER_FILE) chunks.push(valid.slice(i, i + MAX_ROWS_PER_FILE));
  if (chunks.length === 0) chunks.push([]);
  return chunks.map((chunk, index) => ({
    name: chunks.length === 1 ? `${baseName}.csv` : `${baseName}-${index + 1}.csv`,
    mimeType: 'text/csv',
    content: csv(chunk.map((r) => [r.serial, cleanDetails(r.details)])),
  }));
}

const LOG_COLUMNS = ['seq', 'at', 'sessionId', 'targetId', 'jobId', 'kind', 'fromState', 'toState', 'code', 'message', 'profileSha256', 'path'] as const;

export function sessionLogCsv(events: readonly JournalEvent[]): string {
  return csv([LOG_COLUMNS, ...events.map((e) => LOG_COLUMNS.map((c) => e[c] ?? ''))]);
}

export function sessionLogJson(events: readonly JournalEvent[]): string {
  return `${JSON.stringify(events, null, 2)}\n`;
}
