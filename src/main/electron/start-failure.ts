// What the desktop app says when the bench cannot start, and what it offers. A damaged journal is
// never replaced silently: the person is told, and the app starts a new journal only when they
// press the button (the same as `--repair` for the CLI and the web-host), keeping the damaged file
// aside under a timestamped name. Pure, so the wording and the choice are tested without Electron.
import { BenchError } from '../../shared/errors';

export interface StartFailureDialog {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
  /** Index of the button that restarts with the damaged journal kept aside; null: none offered. */
  readonly repairButton: number | null;
}

export function startFailureDialog(error: unknown, dataDir: string): StartFailureDialog {
  const coded = error instanceof BenchError ? error : null;
  const detailOf = (e: BenchError) => `${e.message}${e.detail ? `\n\n${e.detail}` : ''}`;
  if (coded?.code === 'JOURNAL_CORRUPT') {
    return {
      title: 'Enrollment Bench',
      message: 'The journal is damaged, so the bench did not start.',
      detail: `${detailOf(coded)}\n\nNothing has been changed. “Keep it aside and start a new journal” renames the damaged file (journal.sqlite3.corrupt-<time>) in ${dataDir} and starts with an empty journal; the old sessions stay in that file for support. “Quit” leaves everything as it is.`,
      buttons: ['Keep it aside and start a new journal', 'Quit'],
      repairButton: 0,
    };
  }
  if (coded?.code === 'KIOSK_PIN_NOT_SET') {
    return { title: 'Enrollment Bench', message: 'Kiosk mode needs an admin PIN first.', detail: 'Set one with: enrollment-bench kiosk set-pin', buttons: ['Quit'], repairButton: null };
  }
  if (coded?.code === 'JOURNAL_UNAVAILABLE') {
    return { title: 'Enrollment Bench', message: 'The journal could not be opened, so the bench did not start.', detail: `${detailOf(coded)}\n\nIs another copy of the bench, or a script, using ${dataDir}? Close it and start again.`, buttons: ['Quit'], repairButton: null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Enrollment Bench', message: 'The bench could not start.', detail: message, buttons: ['Quit'], repairButton: null };
}
