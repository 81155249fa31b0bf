import { z } from 'zod';

export const NativeModuleStatus = z.object({
  name: z.enum(['better-sqlite3', 'usb']),
  loaded: z.boolean(),
  version: z.string().nullable(),
  /** Why it did not load, in words a technician can pass on; null when loaded. */
  error: z.string().nullable(),
});
export type NativeModuleStatus = Readonly<z.infer<typeof NativeModuleStatus>>;

export const BenchStatus = z.object({
  appVersion: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  nativeModules: z.array(NativeModuleStatus),
  frontDoor: z.enum(['electron', 'web-host', 'cli']),
  platform: z.string(),
  startedAt: z.string(),
});
export type BenchStatus = Readonly<z.infer<typeof BenchStatus>>;
