import { compareMacOSVersions } from '../../shared/rules/macos-compare';

// The page staged beside the profile, for the person at the target Mac. It names where macOS
// shows a downloaded profile for approval on that Mac's version (DOMAIN.md §1) and carries no
// secret: only the profile's name, organisation, MDM host and validity.

export interface InstructionFacts {
  readonly profileFileName: string;
  readonly profileName: string;
  readonly organization: string | null;
  readonly mdmHost: string | null;
  readonly validUntil: string | null;
  /** The target's macOS version, or null when unknown (a lone Data volume, a carrier stick). */
  readonly macOSVersion: string | null;
  readonly carrier: boolean;
}

interface ApprovalPlace {
  readonly versions: string;
  readonly path: string;
}

const APPROVAL_PLACES: readonly ApprovalPlace[] = [
  { versions: 'macOS 15 and later', path: 'System Settings › General › Device Management' },
  { versions: 'macOS 13 and 14', path: 'System Settings › Privacy & Security › Profiles' },
  { versions: 'macOS 12', path: 'System Preferences › Profiles' },
];

/** Where the profile waits for approval on this Mac; all places when the version is unknown. */
export function approvalPlaces(macOSVersion: string | null): readonly ApprovalPlace[] {
  if (!macOSVersion) return APPROVAL_PLACES;
  if (compareMacOSVersions(macOSVersion, '15') >= 0) return [APPROVAL_PLACES[0] as ApprovalPlace];
  if (compareMacOSVersions(macOSVersion, '13') >= 0) return [APPROVAL_PLACES[1] as ApprovalPlace];
  return [APPROVAL_PLACES[2] as ApprovalPlace];
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function enrollmentInstructionsHtml(facts: InstructionFacts): string {
  const places = approvalPlaces(facts.macOSVersion);
  const where = facts.carrier
    ? `the <b>${escape(facts.profileFileName)}</b> file on this USB drive`
    : `<b>Macintosh HD › Users › Shared › Enrollment › ${escape(facts.profileFileName)}</b> (in Finder: Go › Go to Folder…, type <code>/Users/Shared/Enrollment</code>)`;
  const approval =
    places.length === 1
      ? `<li>Open <b>${escape((places[0] as ApprovalPlace).path)}</b>.</li>`
      : `<li>Open the place for this Mac’s version:<ul>${places
          .map((p) => `<li>${escape(p.versions)}: <b>${escape(p.path)}</b></li>`)
          .join('')}</ul></li>`;
  const details = [
    `<dt>Profile</dt><dd>${escape(facts.profileName)}</dd>`,
    facts.organization ? `<dt>Organisation</dt><dd>${escape(facts.organization)}</dd>` : '',
    facts.mdmHost ? `<dt>Management server</dt><dd>${escape(facts.mdmHost)}</dd>` : '',
    facts.validUntil ? `<dt>Install before</dt><dd>${escape(facts.validUntil)}</dd>` : '',
  ].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>How to enroll this Mac</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:16px/1.5 -apple-system,system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}li{margin:.4em 0}dt{font-weight:600}code{font-size:.95em}</style>
</head><body>
<h1>How to enroll this Mac in Microsoft Intune</h1>
<p>An enrollment profile was copied to this Mac. macOS only installs it when an administrator approves it here, on this Mac.</p>
<ol>
<li>Start this Mac normally, connect it to the internet, and sign in with an <b>administrator</b> account.</li>
<li>Double-click ${where}. macOS says the profile was downloaded and must be reviewed in System Settings.</li>
${approval}
<li>Select the profile, click <b>Install</b>, click <b>Install</b> again, enter an administrator’s name and password, then click <b>OK</b>.</li>
<li>Do not install the Company Portal app: these Macs are enrolled without a user.</li>
</ol>
<p>If the Mac is enrolled in another MDM, it must be removed from it first. If installation says the profile is no longer valid, ask for a newly downloaded profile.</p>
<dl>${details}</dl>
</body></html>
`;
}
