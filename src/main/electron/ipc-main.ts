import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract';
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

export function connectIpc(bench: Bench, getWindow: () => BrowserWindow | null): () => void {
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
    unsubscribe();
  };
}
