import type { StateCreator } from 'zustand';
import type { Settings } from '../../shared/models/settings';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface SettingsSlice {
  settings: Settings | null;
  loadSettings(): Promise<void>;
  /** Save some settings; resolves true when the core accepted them. */
  saveSettings(changes: Partial<Settings>): Promise<boolean>;
}

export const createSettingsSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], SettingsSlice> =>
  (set, get) => ({
    settings: null,
    async loadSettings() {
      const result = await bridge.call('getSettings', {});
      if (result.ok) set({ settings: result.value });
    },
    async saveSettings(changes) {
      const result = await bridge.call('updateSettings', changes);
      if (!result.ok) {
        get().notifyError(result.error);
        return false;
      }
      set({ settings: result.value });
      return true;
    },
  });
