import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_REVEAL_CHANNEL, IPC_SHELL_COMMAND_CHANNEL, type ShellCommand } from '../../shared/contract';
import { ERROR_MESSAGES } from '../../shared/errors';
import type { Bench } from '../core/create-bench';
import { isAppUrl } from './app-protocol';

// The only module that touches ipcMain. Untrusted senders are dropped here, once, before any
// handler runs: the call must come from our window's main frame, loaded from app://bench.

export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

export interface IpcShell {
  /** Reveal a file in Finder if it is a staged profile the bench knows; false otherwise. */
  readonly reveal: (path: string) => Promise<boolean>;
}

/** Tell the renderer to do something (a menu item was chosen, a native dialog finished). */
export function sendShellCommand(window: BrowserWindow | null, command: ShellCommand): void {
  if (window && !window.isDestroyed() && isAppUrl(window.webContents.getURL())) {
    window.webContents.send(IPC_SHELL_COMMAND_CHANNEL, command);
  }
}

export function connectIpc(bench: Bench, getWindow: () => BrowserWindow | null, shell: IpcShell): () => void {
  ipcMain.handle(IPC_REVEAL_CHANNEL, async (event, path: unknown) => {
    if (!isTrustedSender(event, getWindow()) || typeof path !== 'string' || path.length > 4096) return false;
    return shell.reveal(path);
  });
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event, getWindow())) {
      return { ok: false, error: { code: 'TRANSPORT_UNAUTHORISED', message: ERROR_MESSAGES.TRANSPORT_UNAUTHORISED } };
    }
    return bench.call(method, params, { door: 'electron' });
  });
  const unsubscribe = bench.subscribe((event) => {
    const window = getWindow();
    if (window && !window.isDestroyed() && isAppUrl(window.webContents.getURL())) {
      window.webContents.send(IPC_EVENT_CHANNEL, event);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    ipcMain.removeHandler(IPC_REVEAL_CHANNEL);
    unsubscribe();
  };
}
