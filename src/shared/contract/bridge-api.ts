import type { CallName, CallRequest, CallResponse } from './calls/index';
import type { CallResult } from './envelope';

/**
 * What the Electron preload exposes on window.enrollmentBench: one named function per contract
 * call (never a raw ipcRenderer), plus an event subscription. Results arrive as plain data and
 * are validated by the renderer's bridge against the same contract.
 */
export type PreloadCalls = {
  readonly [N in CallName]: (params: CallRequest<N>) => Promise<CallResult<CallResponse<N>>>;
};

export interface PreloadApi {
  readonly calls: PreloadCalls;
  onEvent(listener: (event: unknown) => void): () => void;
  /** Electron-only helpers the web-host cannot offer. */
  readonly shell: {
    /** Absolute path of a dropped or picked file. */
    pathForFile(file: File): string;
    /** Show a staged profile in Finder; the shell refuses any path that is not a staged job's. */
    revealPath(path: string): Promise<boolean>;
    /** Commands from the application menu (Cmd+, → settings, Cmd+1 → bench…). */
    onCommand(listener: (command: ShellCommand) => void): () => void;
  };
}

/** Bench commands with a keyboard shortcut: the same in the desktop menu and in a browser. */
export type BenchCommand = 'rescan' | 'stage-all' | 'filter-log' | 'shortcuts';

/** What the Electron shell asks the renderer to do (menu items, results of native dialogs). */
export type ShellCommand =
  | { readonly kind: 'navigate'; readonly route: 'bench' | 'profiles' | 'log' | 'settings' | 'about' }
  | { readonly kind: 'notice'; readonly tone: 'info' | 'success' | 'error'; readonly text: string }
  | { readonly kind: 'command'; readonly command: BenchCommand };

export const PRELOAD_GLOBAL = 'enrollmentBench';
export const IPC_CALL_CHANNEL = 'bench:call';
export const IPC_EVENT_CHANNEL = 'bench:event';
export const IPC_REVEAL_CHANNEL = 'shell:reveal';
export const IPC_SHELL_COMMAND_CHANNEL = 'shell:command';
