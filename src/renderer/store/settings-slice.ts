import type { StateCreator } from 'zustand';
import { stationSettingsOf, type Settings, type StationSettings } from '../../shared/models/settings';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface SettingsSlice {
  /** All settings: null while a kiosk station is locked (reading them is an admin call). */
  settings: Settings | null;
  /** What the station uses (open, also while locked). */
  stationSettings: StationSettings | null;
  loadSettings(): Promise<void>;
  /** Save some settings; resolves true when the core accepted them. */
  saveSettings(changes: Partial<Settings>): Promise<boolean>;
}

export const createSettingsSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], SettingsSlice> =>
  (set, get) => ({
    settings: null,
    stationSettings: null,
    async loadSettings() {
      const [station, all] = await Promise.all([bridge.call('getStationSettings', {}), bridge.call('getSettings', {})]);
      if (station.ok) set({ stationSettings: station.value });
      // KIOSK_LOCKED on a locked station: nothing to show, and nothing to say about it.
      set({ settings: all.ok ? all.value : null });
    },
    async saveSettings(changes) {
      const result = await bridge.call('updateSettings', changes);
      if (!result.ok) {
        get().notifyError(result.error);
        return false;
      }
      set({ settings: result.value, stationSettings: stationSettingsOf(result.value) });
      return true;
    },
  });
