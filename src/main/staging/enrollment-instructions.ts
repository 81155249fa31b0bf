import { compareMacOSVersions } from '../../shared/rules/macos-compare';

// The page staged beside the profile, for the person at the target Mac. It names where macOS
// shows a downloaded profile for approval on that Mac's version, in macOS's own words (the
// "Downloaded" list, the "Enroll" button of an MDM profile), links to that pane, says what to do
// when Apple Configurator claims the double-click, and carries no secret: only the profile's name,
// organisation, MDM host and validity (DOMAIN.md §1).

export interface InstructionFacts {
  readonly profileFileName: string;
  readonly profileName: string;
  readonly organization: string | null;
  readonly mdmHost: string | null;
  readonly validUntil: string | null;
  /** The target's macOS version, or null when unknown (a lone Data volume, a carrier stick). */
  readonly macOSVersion: string | null;
  readonly carrier: boolean;
  /** Apple Configurator was seen on the Mac: say first what to do when it opens the file. */
  readonly configuratorInstalled?: boolean;
  /**
   * Time zone for "Install before": the bench's own, which is the Mac's in the same room (the page
   * is static HTML without scripts, so it cannot ask the Mac). Tests pin one.
   */
  readonly timeZone?: string;
}

/** The pane that lists downloaded profiles (Device Management, or Profiles before macOS 15). */
export const PROFILES_SETTINGS_URL = 'x-apple.systempreferences:com.apple.Profiles-Settings.extension';

// Building an Intl.DateTimeFormat costs about 0.2 ms, once per page staged: the profiler found it
// the largest single cost of staging on a fast disk. One per time zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(zone?: string): Intl.DateTimeFormat {
  const key = zone ?? '';
  let known = formats.get(key);
  if (!known) {
    known = new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      ...(zone ? { timeZone: zone } : {}),
    });
    if (formats.size < 16) formats.set(key, known);
  }
  return known;
}

/** "Tuesday 8 December 2026, 10:00 CET": a date people read, in local time, never ISO. */
export function localDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = (zone?: string) =>
    dateFormat(zone)
      .format(date)
      .replace(' at ', ', ')
      .replace(/^(\p{L}+), /u, '$1 ');
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
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
    ? `the <b>${escape(facts.profileFileName)}</b> file on this drive`
    : `<b>Macintosh HD › Users › Shared › Enrollment › ${escape(facts.profileFileName)}</b> (in Finder: Go › Go to Folder…, type <code>/Users/Shared/Enrollment</code>)`;
  const link = `<a href="${PROFILES_SETTINGS_URL}">open it in System Settings</a>`;
  const approval =
    places.length === 1
      ? `<li>Open <b>${escape((places[0] as ApprovalPlace).path)}</b> (or ${link}). The profile is listed under <b>Downloaded</b>.</li>`
      : `<li>Open the place for this Mac’s version (or ${link}); the profile is listed under <b>Downloaded</b>:<ul>${places
          .map((p) => `<li>${escape(p.versions)}: <b>${escape(p.path)}</b></li>`)
          .join('')}</ul></li>`;
  const configurator = `<p${facts.configuratorInstalled ? ' class="note"' : ''}>If <b>Apple Configurator</b> opens when you double-click the file${
    facts.configuratorInstalled ? ' (it is installed on this Mac)' : ''
  }, quit it. Open the settings place above, click <b>+</b> under the list of profiles and choose the file, or drag the file onto that list.</p>`;
  // On a carrier the page travels on the drive from Mac to Mac: it speaks of "this drive".
  const title = facts.carrier ? 'How to enroll a Mac from this drive' : 'How to enroll this Mac';
  const intro = facts.carrier
    ? 'An enrollment profile was copied to this drive. macOS only installs it when an administrator approves it on each Mac, with this drive plugged in.'
    : 'An enrollment profile was copied to this Mac. macOS only installs it when an administrator approves it here, on this Mac.';
  const validUntil = facts.validUntil ? localDateTime(facts.validUntil, facts.timeZone) : null;
  const details = [
    `<dt>Profile</dt><dd>${escape(facts.profileName)}</dd>`,
    facts.organization ? `<dt>Organisation</dt><dd>${escape(facts.organization)}</dd>` : '',
    facts.mdmHost ? `<dt>Management server</dt><dd>${escape(facts.mdmHost)}</dd>` : '',
    facts.validUntil && validUntil ? `<dt>Install before</dt><dd><time datetime="${escape(facts.validUntil)}">${escape(validUntil)}</time></dd>` : '',
  ].join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:16px/1.5 -apple-system,system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}li{margin:.4em 0}dt{font-weight:600}code{font-size:.95em}.note{border-left:4px solid #b26a00;padding-left:.8em}</style>
</head><body>
<h1>${title} in Microsoft Intune</h1>
<p>${intro}</p>
<ol>
<li>${facts.carrier ? 'Start the Mac normally' : 'Start this Mac normally'}, connect it to the internet, and sign in with an <b>administrator</b> account.${facts.carrier ? ' Plug this drive into it.' : ''}</li>
<li>Double-click ${where}. macOS says “Profile downloaded” and that it must be reviewed in System Settings.</li>
${approval}
<li>Double-click the profile under <b>Downloaded</b>, click <b>Enroll</b> (on older macOS: <b>Install</b>), confirm, enter an administrator’s name and password, then click <b>OK</b>. Do it right away; if the profile is no longer under Downloaded, double-click the file again to bring it back.</li>
<li>Do not install the Company Portal app: these Macs are enrolled without a user.</li>
</ol>
${configurator}
<p>If the Mac is enrolled in another MDM, it must be removed from it first. If installation says the profile is no longer valid, ask for a newly downloaded profile.</p>
<dl>${details}</dl>
</body></html>
`;
}
