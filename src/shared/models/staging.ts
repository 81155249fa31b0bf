import { z } from 'zod';
import { Job } from './job';
import { JournalEvent, Session } from './session';
import { serialNumberOf, TargetKind, type Target } from './target';

export const SessionSummary = Session.extend({
  counts: z.object({
    total: z.number().int(),
    staged: z.number().int(),
    awaitingApproval: z.number().int(),
    enrolled: z.number().int(),
    /** Jobs that need attention: failed, blocked or interrupted (shared/rules/job-outcome.ts). */
    failed: z.number().int(),
    /** Of those, the ones the staging policy refused. */
    blocked: z.number().int(),
  }),
});
export type SessionSummary = Readonly<z.infer<typeof SessionSummary>>;

export const JournalFilter = z.object({
  sessionId: z.string().max(100).optional(),
  /** A target's id, or its name as shown on its tile. */
  targetId: z.string().max(1000).optional(),
  state: z.string().max(40).optional(),
  kind: z.string().max(60).optional(),
  text: z.string().max(200).optional(),
});
export type JournalFilter = z.infer<typeof JournalFilter>;

/** A journal event as the log view shows it: with the target's name when the bench knows it. */
export const JournalRow = JournalEvent.extend({ targetName: z.string().nullable() });
export type JournalRow = Readonly<z.infer<typeof JournalRow>>;

export const JournalPage = z.object({
  events: z.array(JournalRow),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
});
export type JournalPage = Readonly<z.infer<typeof JournalPage>>;

export const ExportKind = z.enum(['session-csv', 'session-json', 'corporate-identifiers', 'configurator-serials']);
export type ExportKind = z.infer<typeof ExportKind>;

export const ExportFile = z.object({
  name: z.string(),
  mimeType: z.string(),
  content: z.string(),
});

export const ExportResult = z.object({
  files: z.array(ExportFile),
  /** Staged Macs left out of a serial list because no serial number is known for them. */
  withoutSerial: z.array(z.string()),
});
export type ExportResult = Readonly<z.infer<typeof ExportResult>>;

export const ReverifyResult = z.object({
  targetId: z.string(),
  result: z.enum(['intact', 'missing', 'changed', 'not-attached']),
});

export const StaleStaged = z.object({
  job: Job,
  expiredAt: z.string(),
});
export type StaleStaged = Readonly<z.infer<typeof StaleStaged>>;

/**
 * One Mac (or carrier drive) of a session, attached or not: the bench screen's roster. A Mac that
 * was staged and unplugged stays here, so a person can still confirm it once it is approved.
 */
export const RosterEntry = z.object({
  targetId: z.string(),
  kind: TargetKind,
  name: z.string(),
  /** Serial recorded in this session (entered, scanned, from USB), else the last one known. */
  serialNumber: z.string().nullable(),
  macOSVersion: z.string().nullable(),
  macOSBuild: z.string().nullable(),
  lastSeenAt: z.string(),
  /** Whether the scanner sees it on the bench now. */
  attached: z.boolean(),
  job: Job.nullable(),
});
export type RosterEntry = Readonly<z.infer<typeof RosterEntry>>;

/** A target as the roster shows it: the one projection the core and the renderer both use. */
export function rosterEntryOf(target: Target, at: { attached: boolean; lastSeenAt: string; job: Job | null }): RosterEntry {
  return {
    targetId: target.id,
    kind: target.kind,
    name: target.name,
    serialNumber: serialNumberOf(target),
    macOSVersion: target.kind === 'mac-volume' ? (target.macOS?.productVersion ?? null) : null,
    macOSBuild: target.kind === 'mac-volume' ? (target.macOS?.build ?? null) : null,
    lastSeenAt: at.lastSeenAt,
    attached: at.attached,
    job: at.job,
  };
}
