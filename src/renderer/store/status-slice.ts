import type { StateCreator } from 'zustand';
import type { BenchErrorData } from '../../shared/errors';
import type { BenchStatus } from '../../shared/models/status';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface StatusSlice {
  status: BenchStatus | null;
  statusError: BenchErrorData | null;
  connected: boolean;
  /** Connected at least once: a later loss is a "Reconnecting…", not the first "Connecting…". */
  everConnected: boolean;
  /** The web-host answers but refuses this tab's token (started with --new-token). */
  accessRefused: boolean;
  loadStatus(): Promise<void>;
}

export const createStatusSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], StatusSlice> =>
  (set) => ({
    status: null,
    statusError: null,
    connected: false,
    everConnected: false,
    accessRefused: false,
    async loadStatus() {
      const result = await bridge.call('getStatus', {});
      if (result.ok) set({ status: result.value, statusError: null });
      else set({ statusError: result.error });
    },
  });
