import type { IntuneEvidence } from '../../shared/models/intune';
import type { SqliteDatabase } from './database';

// The Intune rows of the journal database (migration 5): which library copies came from Intune,
// and what managedDevices said about a session's Macs. Metadata Intune answered; never a token.

export interface IntuneProfileSource {
  readonly sha256: string;
  readonly intuneProfileId: string;
  readonly intuneProfileName: string;
  readonly downloadedAt: string;
}

interface SourceRow {
  sha256: string;
  intune_profile_id: string;
  intune_profile_name: string;
  downloaded_at: string;
}

interface EvidenceRow {
  session_id: string;
  target_id: string;
  serial: string;
  managed_device_id: string;
  device_name: string | null;
  enrolled_date_time: string | null;
  enrollment_profile_name: string | null;
  operating_system: string | null;
  os_version: string | null;
  expected_profile_name: string | null;
  other_profile: number;
  seen_at: string;
}

const sourceFromRow = (row: SourceRow): IntuneProfileSource => ({
  sha256: row.sha256,
  intuneProfileId: row.intune_profile_id,
  intuneProfileName: row.intune_profile_name,
  downloadedAt: row.downloaded_at,
});

const evidenceFromRow = (row: EvidenceRow): IntuneEvidence => ({
  targetId: row.target_id,
  serial: row.serial,
  managedDeviceId: row.managed_device_id,
  deviceName: row.device_name,
  enrolledDateTime: row.enrolled_date_time,
  enrollmentProfileName: row.enrollment_profile_name,
  operatingSystem: row.operating_system,
  osVersion: row.os_version,
  expectedProfileName: row.expected_profile_name,
  otherProfile: row.other_profile === 1,
  seenAt: row.seen_at,
});

export type IntuneRecords = ReturnType<typeof createIntuneRecords>;

export function createIntuneRecords(db: SqliteDatabase) {
  const upsertSource = db.prepare(
    `INSERT INTO intune_profile_sources (sha256, intune_profile_id, intune_profile_name, downloaded_at)
     VALUES (@sha256, @intuneProfileId, @intuneProfileName, @downloadedAt)
     ON CONFLICT(sha256) DO UPDATE SET intune_profile_id = excluded.intune_profile_id, intune_profile_name = excluded.intune_profile_name`,
  );
  const selectSource = db.prepare<[string], SourceRow>('SELECT * FROM intune_profile_sources WHERE sha256 = ?');
  const upsertEvidence = db.prepare(
    `INSERT INTO intune_evidence (session_id, target_id, serial, managed_device_id, device_name, enrolled_date_time,
                                  enrollment_profile_name, operating_system, os_version, expected_profile_name, other_profile, seen_at)
     VALUES (@sessionId, @targetId, @serial, @managedDeviceId, @deviceName, @enrolledDateTime,
             @enrollmentProfileName, @operatingSystem, @osVersion, @expectedProfileName, @otherProfile, @seenAt)
     ON CONFLICT(session_id, target_id) DO UPDATE SET serial = excluded.serial, managed_device_id = excluded.managed_device_id,
       device_name = excluded.device_name, enrolled_date_time = excluded.enrolled_date_time,
       enrollment_profile_name = excluded.enrollment_profile_name, operating_system = excluded.operating_system,
       os_version = excluded.os_version, expected_profile_name = excluded.expected_profile_name,
       other_profile = excluded.other_profile, seen_at = excluded.seen_at`,
  );
  const selectEvidence = db.prepare<[string], EvidenceRow>('SELECT * FROM intune_evidence WHERE session_id = ? ORDER BY seen_at, target_id');
  const selectOneEvidence = db.prepare<[string, string], EvidenceRow>('SELECT * FROM intune_evidence WHERE session_id = ? AND target_id = ?');
  const updateSessionProfile = db.prepare<[string, string]>('UPDATE sessions SET profile_sha256 = ? WHERE id = ? AND ended_at IS NULL');

  return {
    recordSource: (source: IntuneProfileSource) => upsertSource.run(source),
    sourceOf: (sha256: string): IntuneProfileSource | null => {
      const row = selectSource.get(sha256);
      return row ? sourceFromRow(row) : null;
    },
    recordEvidence: (sessionId: string, evidence: IntuneEvidence) =>
      upsertEvidence.run({ sessionId, ...evidence, otherProfile: evidence.otherProfile ? 1 : 0 }),
    evidenceOf: (sessionId: string, targetId: string): IntuneEvidence | null => {
      const row = selectOneEvidence.get(sessionId, targetId);
      return row ? evidenceFromRow(row) : null;
    },
    evidenceOfSession: (sessionId: string): IntuneEvidence[] => selectEvidence.all(sessionId).map(evidenceFromRow),
    /** Point an open session at a fresh copy of its profile; false when the session has ended. */
    switchSessionProfile: (sessionId: string, sha256: string): boolean => updateSessionProfile.run(sha256, sessionId).changes > 0,
  };
}
