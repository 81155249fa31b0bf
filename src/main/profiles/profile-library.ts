import { BenchError } from '../../shared/errors';
import { LibraryProfile, ProfileReading } from '../../shared/models/profile';
import { evaluateProfile, profileVerdict } from '../../shared/rules/profile-evaluation';
import { normaliseWarningHours, profileExpiry } from '../../shared/rules/profile-expiry';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { SqliteDatabase } from '../journal/database';
import { createEventAppender } from '../journal/journal-events';
import { profileRows, type ProfileRow } from '../journal/profile-rows';
import { settingsRows } from '../journal/settings-rows';
import { readProfile, type LocalDownloadEvidence } from './inspect-profile';
import { libraryCopyPath, removeLibraryCopy, writeLibraryCopy } from './library-files';

// The profile library: sha256-addressed copies in the data folder, their readings in the
// `profiles` table, and the chosen profile in the settings row the settings store also reads.
// Every import, removal and choice is journalled in the same transaction as the change. Statuses
// are computed on each read with the injected clock: nothing about expiry is cached.

export const CHOSEN_PROFILE_SETTING = 'chosenProfileId';
export const EXPIRY_WARNING_SETTING = 'expiryWarningHours';

export interface ProfileLibraryOptions {
  readonly db: SqliteDatabase;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ImportRequest {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly evidence: LocalDownloadEvidence;
  /** Where the file came from on this computer, for the journal (null for uploads). */
  readonly sourcePath?: string | null;
}

export interface ProfileLibrary {
  warningHours(): number;
  chosenId(): string | null;
  list(): LibraryProfile[];
  get(id: string): LibraryProfile;
  import(request: ImportRequest): { profile: LibraryProfile; alreadyPresent: boolean };
  remove(id: string): void;
  /** Removes every expired copy; returns their ids. */
  purgeExpired(): string[];
  choose(id: string | null): string | null;
  /** Where the copy of a profile lives (for staging). */
  copyPath(id: string): string;
}

export function createProfileLibrary(options: ProfileLibraryOptions): ProfileLibrary {
  const { db, dataDir, clock, logger } = options;
  const appendEvent = createEventAppender(db, clock);
  const rows = profileRows(db);
  const settings = settingsRows(db);

  const warningHours = () => normaliseWarningHours(settings.read(EXPIRY_WARNING_SETTING));
  const chosenId = (): string | null => {
    const value = settings.read(CHOSEN_PROFILE_SETTING);
    return typeof value === 'string' ? value : null;
  };

  const list = (): LibraryProfile[] => {
    const now = clock.now();
    const hours = warningHours();
    const chosen = chosenId();
    const evaluated = rows.all().flatMap((row) => {
      const reading = parseReading(row);
      if (!reading) return [];
      return [{ row, inspection: evaluateProfile(reading, now, hours) }];
    });
    // Downloading again does not extend an older copy: point each group at its freshest usable copy.
    const freshest = new Map<string, { sha: string; expiresAt: string; downloadedAt: string }>();
    for (const { row, inspection } of evaluated) {
      if (!inspection.usable) continue;
      const best = freshest.get(row.group_key);
      const candidate = { sha: row.sha256, expiresAt: inspection.expiry.expiresAt, downloadedAt: inspection.expiry.downloadedAt };
      if (!best || candidate.expiresAt > best.expiresAt || (candidate.expiresAt === best.expiresAt && candidate.downloadedAt > best.downloadedAt)) {
        freshest.set(row.group_key, candidate);
      }
    }
    return evaluated.map(({ row, inspection }) => ({
      ...inspection,
      id: row.sha256,
      fileName: row.file_name,
      importedAt: row.imported_at,
      groupKey: row.group_key,
      freshestInGroup: freshest.get(row.group_key)?.sha === row.sha256,
      chosen: chosen === row.sha256,
    }));
  };

  const get = (id: string): LibraryProfile => {
    const profile = list().find((p) => p.id === id);
    if (!profile) throw new BenchError('PROFILE_NOT_FOUND', id);
    return profile;
  };

  function parseReading(row: ProfileRow): ProfileReading | null {
    try {
      return ProfileReading.parse(JSON.parse(row.reading_json));
    } catch (error) {
      logger.log('error', 'profile row unreadable', { id: row.sha256, error: (error as Error).message.slice(0, 200) });
      return null;
    }
  }

  const removeRows = (removed: readonly ProfileRow[], code: string | null) => {
    db.transaction(() => {
      const chosen = chosenId();
      for (const row of removed) {
        rows.remove(row.sha256);
        if (chosen === row.sha256) settings.write(CHOSEN_PROFILE_SETTING, null);
        appendEvent({ kind: 'profile-removed', profileSha256: row.sha256, code, message: `Removed ${row.file_name} from the library` });
      }
    })();
    for (const row of removed) {
      const problem = removeLibraryCopy(dataDir, row.sha256);
      if (problem) logger.log('warn', 'profile copy not deleted', { id: row.sha256, error: problem });
    }
  };

  return {
    warningHours,
    chosenId,
    list,
    get,
    copyPath: (id) => libraryCopyPath(dataDir, id),

    import(request) {
      const reading = readProfile(request.bytes, request.evidence);
      if (!reading.isEnrollmentProfile) throw new BenchError('PROFILE_NOT_ENROLLMENT', reading.notEnrollmentReason ?? undefined);
      const id = reading.sha256;
      if (rows.get(id)) {
        logger.log('info', 'profile already in library', { id });
        return { profile: get(id), alreadyPresent: true };
      }
      const fileName = cleanFileName(request.fileName);
      const copy = writeLibraryCopy(dataDir, id, request.bytes);
      try {
        db.transaction(() => {
          rows.insert({
            sha256: id,
            fileName,
            importedAt: new Date(clock.now()).toISOString(),
            sizeBytes: reading.sizeBytes,
            format: reading.format,
            identifier: reading.identifier,
            displayName: reading.displayName,
            groupKey: groupKey(reading),
            downloadedAt: reading.expiryFacts.downloadedAt,
            basis: reading.expiryFacts.basis,
            // expiresAt does not depend on the clock; only the status does.
            expiresAt: profileExpiry(reading.expiryFacts, clock.now()).expiresAt,
            readingJson: JSON.stringify(reading),
          });
          appendEvent({ kind: 'profile-imported', profileSha256: id, message: `Imported ${fileName} into the library`, path: request.sourcePath ?? null });
        })();
      } catch (error) {
        if (copy.created) removeLibraryCopy(dataDir, id);
        throw error;
      }
      logger.log('info', 'profile imported', { id, fileName, format: reading.format, basis: reading.expiryFacts.basis });
      return { profile: get(id), alreadyPresent: false };
    },

    remove(id) {
      const row = rows.get(id);
      if (!row) throw new BenchError('PROFILE_NOT_FOUND', id);
      removeRows([row], null);
      logger.log('info', 'profile removed', { id });
    },

    purgeExpired() {
      const expired = new Set(list().filter((p) => p.expiry.status === 'expired').map((p) => p.id));
      const purged = rows.all().filter((row) => expired.has(row.sha256));
      if (purged.length > 0) removeRows(purged, 'PROFILE_EXPIRED');
      logger.log('info', 'expired profiles purged', { ids: purged.map((r) => r.sha256) });
      return purged.map((r) => r.sha256);
    },

    choose(id) {
      if (id !== null) {
        const profile = get(id);
        const verdict = profileVerdict(profile);
        if (verdict === 'unusable') throw new BenchError('PROFILE_NOT_USABLE', profile.errors.map((e) => e.code).join(', '));
        if (verdict === 'expired') throw new BenchError('PROFILE_EXPIRED', `expired at ${profile.expiry.expiresAt}`);
      }
      if (chosenId() === id) return id;
      db.transaction(() => {
        settings.write(CHOSEN_PROFILE_SETTING, id);
        appendEvent({ kind: 'profile-chosen', profileSha256: id, message: id === null ? 'No profile chosen' : 'Profile chosen for staging' });
      })();
      logger.log('info', 'profile chosen', { id });
      return id;
    },
  };
}

/** Copies of the same Intune profile share its identifier, MDM server and push topic. */
function groupKey(reading: ProfileReading): string {
  return JSON.stringify([reading.identifier, reading.enrollment?.serverUrl ?? null, reading.enrollment?.topic ?? null]);
}

/** A name to show and journal: the last path segment, without control characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return base === '' ? 'profile.mobileconfig' : base;
}
