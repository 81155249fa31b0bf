import { describe, expect, it } from 'vitest';
import { cleanDetails, MAX_ROWS_PER_FILE, serialListFiles, sessionLogCsv } from '../../../src/main/journal/exports';
import type { JournalEvent } from '../../../src/shared/models/session';

const serial = (i: number) => `C02${String(i).padStart(9, '0')}`;

describe('serial lists for Intune and Apple Configurator', () => {
  it('has no header: one "serial,details" row per Mac', () => {
    const [file] = serialListFiles('ids', [{ serial: 'C02XK1ABJG5H', details: 'Mac 1 macOS 15.1' }]);
    expect(file).toEqual({ name: 'ids.csv', mimeType: 'text/csv', content: 'C02XK1ABJG5H,Mac 1 macOS 15.1\n' });
  });

  it('splits beyond 5,000 rows into numbered files', () => {
    const rows = Array.from({ length: 12_001 }, (_, i) => ({ serial: serial(i), details: 'x' }));
    const files = serialListFiles('ids', rows);
    expect(files.map((f) => f.name)).toEqual(['ids-1.csv', 'ids-2.csv', 'ids-3.csv']);
    expect(files.map((f) => f.content.trimEnd().split('\n').length)).toEqual([MAX_ROWS_PER_FILE, MAX_ROWS_PER_FILE, 2001]);
  });

  it('keeps exactly 5,000 rows in one file', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ serial: serial(i), details: '' }));
    expect(serialListFiles('ids', rows).map((f) => f.name)).toEqual(['ids.csv']);
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)']) {
      const [file] = serialListFiles('ids', [{ serial: 'C02XK1ABJG5H', details: evil }]);
      const details = file!.content.trimEnd().split(',').slice(1).join(',');
      expect(details.startsWith("'")).toBe(true);
    }
  });

  it('limits details to 128 characters on one line without commas or quotes', () => {
    expect(Array.from(cleanDetails('é'.repeat(300))).length).toBe(128);
    expect(cleanDetails('Lager, Regal "3"\nFach 2')).toBe('Lager Regal 3 Fach 2');
  });

  it('leaves out anything that is not letters and digits (no periods in serials)', () => {
    const [file] = serialListFiles('ids', [
      { serial: 'C02.K1ABJG5H', details: '' },
      { serial: 'C02XK1ABJG5H', details: '' },
    ]);
    expect(file!.content).toBe('C02XK1ABJG5H,\n');
  });
});

describe('the session log CSV', () => {
  it('has a header and one row per event, formulas escaped', () => {
    const event: JournalEvent = {
      seq: 1, at: '2026-11-26T10:00:00.000Z', sessionId: 's', targetId: 't', jobId: 'j', kind: 'job-state',
      fromState: 'queued', toState: 'staging', code: null, message: '=cmd|calc', profileSha256: null, path: null,
    };
    const [header, row] = sessionLogCsv([event]).trimEnd().split('\n');
    expect(header).toBe('seq,at,sessionId,targetId,jobId,kind,fromState,toState,code,message,profileSha256,path');
    expect(row).toBe("1,2026-11-26T10:00:00.000Z,s,t,j,job-state,queued,staging,,'=cmd|calc,,");
  });
});
