import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Bridge } from '../bridge';
import { createStatusSlice, type StatusSlice } from './status-slice';

// The store is built from small slices by a factory, so each test (and each window) gets a fresh one.
export type BenchState = StatusSlice;

export type BenchStore = StoreApi<BenchState>;

export function createBenchStore(bridge: Bridge): BenchStore {
  const store = createStore<BenchState>()((...args) => ({
    ...createStatusSlice(bridge)(...args),
  }));
  bridge.onConnection((connected) => {
    store.setState({ connected });
    if (connected) void store.getState().loadStatus();
  });
  bridge.subscribe((event) => {
    if (event.name === 'statusChanged') store.setState({ status: event.payload });
  });
  return store;
}

export const StoreContext = createContext<BenchStore | null>(null);

export function useBench<T>(selector: (state: BenchState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useBench outside <StoreContext.Provider>');
  return useStore(store, selector);
}
