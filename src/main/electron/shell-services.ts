import { app, dialog, Notification, shell, type BrowserWindow } from 'electron';
import type { CallResponse } from '../../shared/contract/calls/index';
import type { Bench } from '../core/create-bench';
import { batchSummaryText, createAttentionTracker } from './attention-tracker';
import { openedProfilePrompt } from './opened-profile';
import type { ShellRoute } from './bench-menu';
import { sendShellCommand } from './ipc-main';

// What the desktop shell adds around the core on macOS: the native import dialog, "Show in
// Finder" for staged files, the dock badge and the notification when a batch finishes.

export function createShellServices(bench: Bench, getWindow: () => BrowserWindow | null) {
  const tracker = createAttentionTracker();
  let kioskOn = false;

  const show = (route: ShellRoute) => {
    const window = getWindow();
    window?.show();
    sendShellCommand(window, { kind: 'navigate', route });
  };

  const importProfile = async () => {
    const window = getWindow();
    const options = {
      title: 'Import an enrollment profile',
      buttonLabel: 'Import',
      filters: [{ name: 'Enrollment profile', extensions: ['mobileconfig'] }],
      properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
    };
    const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    if (picked.canceled) return;
    for (const path of picked.filePaths) {
      // The core reads the file itself: it sees the macOS download record (quarantine) and birth time.
      const result = await bench.call('importProfileFromPath', { path }, { door: 'electron' });
      sendShellCommand(
        window,
        result.ok ? { kind: 'notice', tone: 'success', text: `Imported ${path.split('/').pop() ?? path}.` } : { kind: 'notice', tone: 'error', text: result.error.message },
      );
    }
    show('profiles');
  };

  /**
   * A .mobileconfig opened with the app: the core inspects it (kiosk and access rules apply as
   * for any call), the technician sees what it is and may import it into the library.
   */
  const openProfile = async (path: string) => {
    const window = getWindow();
    window?.show();
    const inspected = await bench.call('inspectProfileFile', { path }, { door: 'electron' });
    if (!inspected.ok) {
      sendShellCommand(window, { kind: 'notice', tone: 'error', text: inspected.error.message });
      return;
    }
    // The dispatcher has validated the answer against the contract.
    const prompt = openedProfilePrompt(inspected.value as CallResponse<'inspectProfileFile'>, path);
    const options = { type: prompt.type, message: prompt.message, detail: prompt.detail, buttons: [...prompt.buttons], defaultId: 0, cancelId: prompt.buttons.length - 1, noLink: true };
    const answer = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    if (prompt.importButton === null || answer.response !== prompt.importButton) return;
    const result = await bench.call('importProfileFromPath', { path }, { door: 'electron' });
    sendShellCommand(
      window,
      result.ok ? { kind: 'notice', tone: 'success', text: `Imported ${path.split('/').pop() ?? path}.` } : { kind: 'notice', tone: 'error', text: result.error.message },
    );
    if (result.ok) show('profiles');
  };

  /** Only a staged job's own path may be revealed: never an arbitrary path from the renderer. */
  const reveal = async (path: string): Promise<boolean> => {
    const jobs = await bench.invoke('listJobs', {}).catch(() => []);
    if (!jobs.some((job) => job.path === path)) return false;
    shell.showItemInFolder(path);
    return true;
  };

  const unsubscribe = bench.subscribe((event) => {
    if (event.name === 'kioskChanged') kioskOn = event.payload.enabled;
    if (event.name !== 'jobChanged') return;
    const finished = tracker.update(event.payload);
    app.setBadgeCount(tracker.attentionCount);
    // A kiosk station has its own sounds and full-screen cues; no notification banners there.
    if (finished && !kioskOn && Notification.isSupported()) {
      const text = batchSummaryText(finished);
      new Notification({ title: text.title, body: text.body, silent: finished.needAttention === 0 }).show();
    }
  });

  return {
    commands: { importProfile: () => void importProfile(), show },
    openProfile,
    reveal,
    setKiosk(on: boolean) {
      kioskOn = on;
    },
    dispose: unsubscribe,
  };
}
