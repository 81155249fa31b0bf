import { z } from 'zod';

export const Session = z.object({
  id: z.string(),
  technician: z.string(),
  benchHost: z.string(),
  profileSha256: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  kiosk: z.boolean(),
  /** Started by a script (CLI `stage`): never taken as the app's open session. */
  scripted: z.boolean(),
});
export type Session = Readonly<z.infer<typeof Session>>;

export const JournalEvent = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  sessionId: z.string().nullable(),
  targetId: z.string().nullable(),
  jobId: z.string().nullable(),
  /** What happened: job-state, profile-imported, profile-removed, serial-set, file-moved-aside, kiosk-… */
  kind: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  profileSha256: z.string().nullable(),
  path: z.string().nullable(),
});
export type JournalEvent = Readonly<z.infer<typeof JournalEvent>>;
