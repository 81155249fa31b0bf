// The preload: runs sandboxed, bundled into one CommonJS file. It is the only module that touches
// ipcRenderer, and it exposes named functions only (one per contract call), never ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_REVEAL_CHANNEL, IPC_SHELL_COMMAND_CHANNEL, PRELOAD_GLOBAL, type PreloadApi, type ShellCommand } from '../../shared/contract/bridge-api';
import { CALL_NAME_LIST } from '../../shared/contract/call-names';

const calls = Object.fromEntries(
  CALL_NAME_LIST.map((name) => [name, (params: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, params)]),
) as unknown as PreloadApi['calls'];

const api: PreloadApi = {
  calls,
  onEvent(listener) {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  shell: {
    pathForFile: (file) => webUtils.getPathForFile(file),
    revealPath: (path) => ipcRenderer.invoke(IPC_REVEAL_CHANNEL, path) as Promise<boolean>,
    onCommand(listener) {
      const handler = (_event: Electron.IpcRendererEvent, command: ShellCommand) => listener(command);
      ipcRenderer.on(IPC_SHELL_COMMAND_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(IPC_SHELL_COMMAND_CHANNEL, handler);
      };
    },
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
