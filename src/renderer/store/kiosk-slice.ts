import type { StateCreator } from 'zustand';
import type { BenchErrorData } from '../../shared/errors';
import type { KioskState } from '../../shared/models/kiosk';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface KioskSlice {
  kiosk: KioskState | null;
  loadKiosk(): Promise<void>;
  /** Try a PIN to unlock (or, with `leave`, to leave kiosk mode); resolves null when accepted, else why not (shown in the dialog). */
  submitKioskPin(pin: string, leave: boolean): Promise<BenchErrorData | null>;
  lockKiosk(): Promise<void>;
  enterKiosk(): Promise<boolean>;
  setKioskPin(newPin: string, currentPin: string | null): Promise<boolean>;
}

export const createKioskSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], KioskSlice> =>
  (set, get) => ({
    kiosk: null,
    async loadKiosk() {
      const result = await bridge.call('getKioskState', {});
      if (result.ok) set({ kiosk: result.value });
    },
    async submitKioskPin(pin, leave) {
      const result = await bridge.call(leave ? 'leaveKiosk' : 'unlockKiosk', { pin });
      if (!result.ok) {
        void get().loadKiosk();
        return result.error;
      }
      set({ kiosk: result.value });
      return null;
    },
    async lockKiosk() {
      const result = await bridge.call('lockKiosk', {});
      if (result.ok) set({ kiosk: result.value });
    },
    async enterKiosk() {
      const result = await bridge.call('enterKiosk', {});
      if (!result.ok) {
        get().notifyError(result.error);
        return false;
      }
      set({ kiosk: result.value });
      return true;
    },
    async setKioskPin(newPin, currentPin) {
      const result = await bridge.call('setKioskPin', { newPin, ...(currentPin ? { currentPin } : {}) });
      if (!result.ok) {
        get().notifyError(result.error);
        return false;
      }
      set({ kiosk: result.value });
      get().notify('success', 'Admin PIN saved.');
      return true;
    },
  });
