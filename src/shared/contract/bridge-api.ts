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
  /** Electron-only helpers the web-host cannot offer (file paths of dropped files). */
  readonly shell: {
    pathForFile(file: File): string;
  };
}

export const PRELOAD_GLOBAL = 'enrollmentBench';
export const IPC_CALL_CHANNEL = 'bench:call';
export const IPC_EVENT_CHANNEL = 'bench:event';
