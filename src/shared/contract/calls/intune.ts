import { z } from 'zod';
import {
  IntuneEnrollmentProfile,
  IntuneEvidence,
  IntuneFetchResult,
  IntunePollState,
  IntuneSerialUploadResult,
  IntuneSettings,
  IntuneStatus,
  IntuneSyncResult,
} from '../../models/intune';
import { defineCall, NoParams } from '../define';

// Intune through Microsoft Graph (docs/INTUNE.md). Every answer is metadata: no call ever carries
// a token, in either direction (ENROLLMENT_BENCH_GRAPH_TOKEN is read by the core from its own
// environment, never sent over a transport).

const SessionId = z.string().max(100).optional();
/** Intune object ids are GUIDs; anything else is refused before it could shape a Graph URL. */
const IntuneObjectId = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'an Intune profile id');

export const intuneCalls = {
  getIntuneStatus: defineCall({
    request: NoParams,
    response: IntuneStatus,
    access: 'open',
    summary: 'Whether Intune is on and signed in, a pending device-code sign-in, a refresh offer, the sync poller.',
  }),
  getIntuneSettings: defineCall({
    request: NoParams,
    response: IntuneSettings,
    access: 'admin',
    summary: 'The Intune settings (tenant, client id, cloud).',
  }),
  updateIntuneSettings: defineCall({
    request: IntuneSettings.partial().strict(),
    response: IntuneSettings,
    access: 'admin',
    summary: 'Change the Intune settings; turning Intune off also signs out.',
  }),
  intuneSignIn: defineCall({
    request: z.object({ method: z.enum(['device-code', 'browser']).optional() }).strict(),
    response: IntuneStatus,
    access: 'admin',
    summary: 'Start signing in to Intune (device code: the answer says what to open and type).',
  }),
  intuneSignOut: defineCall({
    request: NoParams,
    response: IntuneStatus,
    access: 'admin',
    summary: 'Forget the Intune sign-in (tokens are dropped).',
  }),
  listIntuneProfiles: defineCall({
    request: NoParams,
    response: z.object({ profiles: z.array(IntuneEnrollmentProfile) }),
    access: 'admin',
    summary: 'The tenant’s Apple Configurator enrollment profiles.',
  }),
  fetchIntuneProfile: defineCall({
    request: z.object({ intuneProfileId: IntuneObjectId, choose: z.boolean().optional() }).strict(),
    response: IntuneFetchResult,
    access: 'admin',
    summary: 'Download a profile’s direct-enrollment export from Intune into the library (optionally choose it).',
  }),
  refreshIntuneProfile: defineCall({
    request: NoParams,
    response: IntuneFetchResult,
    access: 'admin',
    summary: 'Download the chosen profile again from Intune, choose the fresh copy and switch the open session to it.',
  }),
  uploadIntuneSerials: defineCall({
    request: z.object({ sessionId: SessionId }).strict(),
    response: IntuneSerialUploadResult,
    access: 'admin',
    summary: 'Upload the session’s serials to Intune as corporate identifiers (what the CSV export holds).',
  }),
  syncIntuneEnrollment: defineCall({
    request: z.object({ sessionId: SessionId }).strict(),
    response: IntuneSyncResult,
    access: 'open',
    summary: 'Look the session’s Macs up in Intune by serial; those found are enrolled, confirmed by Intune.',
  }),
  setIntunePolling: defineCall({
    request: z.object({ on: z.boolean() }).strict(),
    response: IntunePollState,
    access: 'open',
    summary: 'Start or stop looking in Intune now and then for the open session’s Macs (stops when it ends).',
  }),
  listIntuneEvidence: defineCall({
    request: z.object({ sessionId: SessionId }).strict(),
    response: z.array(IntuneEvidence),
    access: 'open',
    summary: 'What Intune said about the Macs of a session (enrolled when, under which profile, macOS).',
  }),
} as const;
