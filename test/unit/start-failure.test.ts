import { describe, expect, it } from 'vitest';
import { startFailureDialog } from '../../src/main/electron/start-failure';
import { BenchError } from '../../src/shared/errors';

// The desktop app's answer when the bench cannot start (Electron itself cannot run here; the
// wording and the offered choice are what this checks).
describe('when the desktop app cannot start', () => {
  it('offers to keep a damaged journal aside, never doing it by itself', () => {
    const shown = startFailureDialog(new BenchError('JOURNAL_CORRUPT', 'quick_check: *** in database main *** Page 5: btreeInitPage() returns error code 11'), '/Users/ana/Library/Application Support/Enrollment Bench');
    expect(shown.message).toBe('The journal is damaged, so the bench did not start.');
    expect(shown.buttons).toEqual(['Keep it aside and start a new journal', 'Quit']);
    expect(shown.repairButton).toBe(0);
    expect(shown.detail).toContain('Page 5: btreeInitPage()');
    expect(shown.detail).toContain('(journal.sqlite3.corrupt-<time>) in /Users/ana/Library/Application Support/Enrollment Bench and starts with an empty journal');
    expect(shown.detail).toContain('“Quit” leaves everything as it is.');
  });

  it('offers nothing to repair for a locked journal, a missing PIN or anything else', () => {
    expect(startFailureDialog(new BenchError('JOURNAL_UNAVAILABLE', "another process holds the journal's lock (waited 2 s)"), '/data')).toMatchObject({ repairButton: null, buttons: ['Quit'], detail: expect.stringContaining('Is another copy of the bench, or a script, using /data?') });
    expect(startFailureDialog(new BenchError('KIOSK_PIN_NOT_SET'), '/data')).toMatchObject({ repairButton: null, detail: 'Set one with: enrollment-bench kiosk set-pin' });
    expect(startFailureDialog(new Error('EACCES: permission denied'), '/data')).toMatchObject({ repairButton: null, message: 'The bench could not start.', detail: 'EACCES: permission denied' });
  });
});
