import { z } from 'zod';
import { Job } from '../../models/job';
import { Session } from '../../models/session';
import { Settings, StationSettings } from '../../models/settings';
import { ExportKind, ExportResult, JournalFilter, JournalPage, ReverifyResult, RosterEntry, SessionSummary, StaleStaged } from '../../models/staging';
import { defineCall, NoParams } from '../define';

const TargetId = z.string().min(1).max(1000);

export const stagingCalls = {
  getSession: defineCall({ request: NoParams, response: Session.nullable(), access: 'open', summary: 'The open staging session, if any.' }),
  endSession: defineCall({
    request: z.object({ sessionId: z.string().max(100).optional() }).strict(),
    response: Session.nullable(),
    access: 'admin',
    summary: 'End a session (the open one by default); what is still queued in it is cancelled.',
  }),
  listSessions: defineCall({ request: NoParams, response: z.array(SessionSummary), access: 'open', summary: 'Every session, newest first, with counts.' }),
  getRoster: defineCall({
    request: z.object({ sessionId: z.string().max(100).optional() }).strict(),
    response: z.array(RosterEntry),
    access: 'open',
    summary: 'Every Mac and drive of a session (the open one by default), attached or unplugged, with its job.',
  }),
  listJobs: defineCall({
    request: z.object({ sessionId: z.string().max(100).optional() }).strict(),
    response: z.array(Job),
    access: 'open',
    summary: 'Jobs of a session (the open one by default).',
  }),
  stageTargets: defineCall({
    request: z.object({ targetIds: z.union([z.array(TargetId).max(512), z.literal('all')]) }).strict(),
    response: z.array(Job),
    access: 'open',
    summary: 'Stage the chosen profile on these targets, or on every ready one.',
  }),
  stageWithProfile: defineCall({
    request: z
      .object({
        profileId: z.string().regex(/^[0-9a-f]{64}$/),
        targetIds: z.union([z.array(TargetId).max(512), z.literal('all')]),
        /** Start a session of its own (a scripted run) instead of joining the open one. */
        newSession: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ sessionId: z.string(), jobs: z.array(Job) }),
    access: 'admin',
    summary: 'Stage a given library profile (not necessarily the chosen one) on targets: for scripts.',
  }),
  cancelStaging: defineCall({
    request: z.object({ targetId: TargetId.nullable() }).strict(),
    response: z.object({ cancelled: z.number().int() }),
    access: 'open',
    summary: 'Cancel one target’s job, or all of them (targetId null).',
  }),
  setTargetSerial: defineCall({
    request: z.object({ targetId: TargetId, serial: z.string().max(64), sessionId: z.string().max(100).optional() }).strict(),
    response: z.object({ serial: z.string() }),
    access: 'open',
    summary: 'Record a typed or scanned serial number for a target in this session.',
  }),
  confirmEnrollment: defineCall({
    request: z.object({ targetId: TargetId, confirmedBy: z.string().max(80).optional() }).strict(),
    response: Job,
    access: 'admin',
    summary: 'A person confirms the profile was approved on that Mac (named by id, name, serial number or volume path).',
  }),
  reverifyStaged: defineCall({
    request: z.object({ sessionId: z.string().max(100).optional() }).strict(),
    response: z.array(ReverifyResult),
    access: 'open',
    summary: 'Re-read the staged files of a session on the Macs still attached.',
  }),
  listStaleStaged: defineCall({ request: NoParams, response: z.array(StaleStaged), access: 'open', summary: 'Macs staged with a profile that has since expired.' }),
  queryJournal: defineCall({
    request: z.object({ filter: JournalFilter, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }).strict(),
    response: JournalPage,
    access: 'open',
    summary: 'The journal, newest first, one page at a time.',
  }),
  exportSession: defineCall({
    request: z.object({ kind: ExportKind, sessionId: z.string().max(100).optional() }).strict(),
    response: ExportResult,
    access: 'admin',
    summary: 'Session log (CSV/JSON) or the Intune/Configurator serial lists of a session.',
  }),
  getSettings: defineCall({ request: NoParams, response: Settings, access: 'admin', summary: 'The bench settings.' }),
  getStationSettings: defineCall({ request: NoParams, response: StationSettings, access: 'open', summary: 'The settings a kiosk station uses (serial prompt, sound cues).' }),
  updateSettings: defineCall({ request: Settings.partial().strict(), response: Settings, access: 'admin', summary: 'Change some settings.' }),
} as const;
