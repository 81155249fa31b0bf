import type { StateCreator } from 'zustand';
import type { BenchState } from './store';

// Intune's own slice: a counter the Intune screen watches. Its data (status, profiles, evidence)
// is read with contract calls when the screen shows and whenever the core says intuneChanged.
export interface IntuneSlice {
  intuneVersion: number;
}

export const createIntuneSlice: StateCreator<BenchState, [], [], IntuneSlice> = () => ({
  intuneVersion: 0,
});
