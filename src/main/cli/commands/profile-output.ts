import type { ProfileList } from '../../../shared/contract/calls/profiles';
import type { Finding } from '../../../shared/models/common';
import type { DownloadedAtBasis, LibraryProfile, ProfileInspection } from '../../../shared/models/profile';
import { recogniseIntune } from '../../../shared/rules/intune-hints';
import { profileVerdict } from '../../../shared/rules/profile-evaluation';

// What a technician reads in a terminal: the verdict first, then the facts behind it. Metadata
// only: the inspection carries no secret, so nothing here can print one.

const BASIS: Readonly<Record<DownloadedAtBasis, string>> = {
  'intune-download': 'Intune: the bench downloaded it itself',
  'cms-signing-time': 'the signature’s signing time',
  quarantine: 'the macOS download record (quarantine)',
  'birth-time': 'the file’s creation time',
  'modified-time': 'the file’s modification time',
  entered: 'the date you entered',
  'first-seen': 'when the bench first saw it; the real download may be earlier',
};

export const shortId = (id: string) => id.slice(0, 12);

/** A session is for one profile: choosing another one (from any door) ended the open one. */
export const endedSessionLine = (session: { id: string }) => `Ended session ${session.id} (it was for another profile); its Macs stay in the log.\n`;

export function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function duration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (days > 0) return `${plural(days, 'day')} ${plural(hours, 'hour')}`;
  if (hours > 0) return `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}`;
  return plural(minutes, 'minute');
}

export function verdictLine(inspection: ProfileInspection): string {
  const { expiry } = inspection;
  switch (profileVerdict(inspection)) {
    case 'unusable':
      return inspection.isEnrollmentProfile
        ? `NOT USABLE — ${inspection.errors.length} problem${inspection.errors.length === 1 ? '' : 's'} would stop a Mac from enrolling (see Errors).`
        : `NOT AN ENROLLMENT PROFILE — ${inspection.notEnrollmentReason ?? ''}`;
    case 'expired':
      return `EXPIRED — ${duration(expiry.remainingMs)} ago (${when(expiry.expiresAt)}). Download a new profile from Intune.`;
    case 'usable':
      return expiry.status === 'expiring'
        ? `READY, EXPIRING SOON — ${duration(expiry.remainingMs)} left. Download a fresh copy from Intune soon.`
        : `READY — an enrollment profile, valid for ${duration(expiry.remainingMs)}.`;
  }
}

function signatureLine(inspection: ProfileInspection): string {
  const s = inspection.signature;
  if (!s) return 'not signed';
  const state = { verified: 'verified', invalid: 'INVALID', unreadable: 'UNREADABLE (damaged wrapper)', unsupported: 'not checked (unsupported algorithm)' }[s.status];
  const parts = [state];
  if (s.signerSubject) parts.push(`signed by ${s.signerSubject}`);
  if (s.signingTime) parts.push(`at ${when(s.signingTime)}`);
  if (s.signerNotAfter) parts.push(`signer valid until ${when(s.signerNotAfter)}`);
  return parts.join(', ');
}

function findingLines(title: string, mark: string, findings: readonly Finding[]): string[] {
  return findings.length === 0 ? [] : [title, ...findings.map((f) => `  ${mark} ${f.code}: ${f.message}`)];
}

export function formatInspection(inspection: ProfileInspection): string {
  const row = (label: string, value: string) => `  ${label.padEnd(12)} ${value}`;
  const { expiry, enrollment } = inspection;
  const size = inspection.sizeBytes >= 1024 ? `${(inspection.sizeBytes / 1024).toFixed(1)} KB` : `${inspection.sizeBytes} bytes`;
  const name = [inspection.displayName, inspection.organization].filter((v) => v !== null && v !== '').join(' — ');
  const lines = [
    verdictLine(inspection),
    row('Name', name || '(none)'),
    row('Identifier', inspection.identifier ?? '(none)'),
    row('File', `${inspection.format}, ${size}, sha256 ${inspection.sha256}`),
    row('Signature', signatureLine(inspection)),
    row('Source', recogniseIntune(inspection).summary),
  ];
  if (enrollment) {
    lines.push(
      row('MDM server', enrollment.serverUrl || '(none)'),
      row('Push topic', enrollment.topic || '(none)'),
      row('Identity', enrollment.identity === 'none' ? 'none found' : enrollment.identity.toUpperCase()),
      row('macOS', `${enrollment.minMacOS} or later (Microsoft supports ${enrollment.supportedMacOS} and later)`),
    );
  }
  lines.push(
    row('Downloaded', `${when(expiry.downloadedAt)} (from ${BASIS[expiry.basis]})`),
    row('Expires', `${when(expiry.expiresAt)}${expiry.expiresBy === 'download-window' ? ' (14 days after download)' : expiry.expiresBy === 'payload-expiration-date' ? ' (its PayloadExpirationDate)' : ' (its RemovalDate)'} — ${expiry.status}`),
    row('Payloads', inspection.payloads.map((p) => p.type || '(untyped)').join(', ') || '(none)'),
    ...findingLines('Errors', '✗', inspection.errors),
    ...findingLines('Warnings', '!', inspection.warnings),
    ...findingLines('Notes', 'i', inspection.notes),
    '',
  );
  return lines.join('\n');
}

export function formatList(list: ProfileList): string {
  if (list.profiles.length === 0) return 'The library is empty. Add a profile with: enrollment-bench profile import FILE\n';
  const header = ['ID'.padEnd(12), 'STATUS'.padEnd(10), 'EXPIRES'.padEnd(20), 'IDENTITY'.padEnd(8), 'NAME'].join('  ');
  const rows = list.profiles.map((p) =>
    [shortId(p.id), listStatus(p).padEnd(10), when(p.expiry.expiresAt).padEnd(20), (p.enrollment?.identity ?? '-').padEnd(8), `${p.displayName ?? p.fileName}${flags(p)}`].join('  '),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

function listStatus(profile: LibraryProfile): string {
  return profileVerdict(profile) === 'unusable' ? 'unusable' : profile.expiry.status;
}

function flags(profile: LibraryProfile): string {
  const marks = [profile.chosen ? 'chosen' : null, profile.freshestInGroup ? null : profile.usable ? 'older copy' : null].filter((m) => m !== null);
  return marks.length === 0 ? '' : `  [${marks.join(', ')}]`;
}
