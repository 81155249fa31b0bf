import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/main/profiles/inspect-profile';
import { ProfileInspection, type IdentityKind } from '../../../src/shared/models/profile';
import { evaluateProfile } from '../../../src/shared/rules/profile-evaluation';
import { CORPUS_DIR, corpusFile } from '../../support/profile-fixtures';

// Every real profile in the corpus (test/fixtures/real/profiles, a copy of ../shared/corpus/profiles), with what the bench must say about it. The
// files are read as downloaded a day before "now", so expiry never hides a classification.

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const EVIDENCE = { birthTimeMs: NOW - 86_400_000, modifiedTimeMs: NOW - 86_400_000, firstSeenMs: NOW };

interface Expected {
  readonly enrollment: false | { readonly identity: IdentityKind; readonly serverHost: string; readonly usable: boolean };
  readonly reason?: RegExp;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** Values in the file that must never appear in what the bench reports. */
  readonly secrets?: readonly string[];
}

const EXPECTED: Record<string, Expected> = {
  'cfgprofiles_1.mobileconfig': {
    enrollment: false,
    reason: /no MDM enrollment payload \(com\.apple\.mdm\); it contains a certificate\./,
    errors: [],
    warnings: [],
  },
  'cfgprofiles_acme-da.mobileconfig': {
    enrollment: false,
    reason: /it contains an ACME certificate request/,
    errors: [],
    warnings: [],
    secrets: ['2678F47F-7A0B-4E7E-BEBC-29C1DCAF28C6'],
  },
  'cfgprofiles_multiple-nt-principals-error.mobileconfig': {
    enrollment: false,
    reason: /ACME certificate request/,
    errors: [],
    // The dangling <key>Subject</key>; ntPrincipalName given as an array.
    warnings: ['PROFILE_KEY_WITHOUT_VALUE', 'PROFILE_VALUE_TYPE'],
  },
  'cfgprofiles_multistring-error.mobileconfig': {
    enrollment: false,
    reason: /ACME certificate request/,
    errors: [],
    // The dangling <key>Subject</key>; uniformResourceIdentifier given as an <integer>.
    warnings: ['PROFILE_KEY_WITHOUT_VALUE', 'PROFILE_VALUE_TYPE'],
  },
  'fleet_ndes-scep.mobileconfig': {
    enrollment: false,
    reason: /it contains a SCEP certificate request/,
    errors: [],
    // $FLEET_VAR_ in Challenge, in the Subject OU and in URL.
    warnings: ['PROFILE_TEMPLATE_PLACEHOLDER', 'PROFILE_TEMPLATE_PLACEHOLDER', 'PROFILE_TEMPLATE_PLACEHOLDER'],
    secrets: ['$FLEET_VAR_NDES_SCEP_CHALLENGE'],
  },
  'fleet_scep-and-digicert_placeholders.mobileconfig': {
    enrollment: false,
    reason: /a SCEP certificate request, a PKCS #12 identity/,
    // <data>${FLEET_VAR_DIGICERT_DATA_DigiCert}</data>
    errors: ['PROFILE_BASE64_INVALID'],
    // PayloadUUID "TopPayloadUUID"; placeholders in Challenge, URL and Password.
    warnings: ['PROFILE_UUID_INVALID', 'PROFILE_TEMPLATE_PLACEHOLDER', 'PROFILE_TEMPLATE_PLACEHOLDER', 'PROFILE_TEMPLATE_PLACEHOLDER'],
    secrets: ['$FLEET_VAR_CUSTOM_SCEP_CHALLENGE_CustomScepProxy', '$FLEET_VAR_DIGICERT_PASSWORD_DigiCert', 'FLEET_VAR_DIGICERT_DATA'],
  },
  'fleet_turn_on_debug_mdm_logging_mdmclient.mobileconfig': {
    enrollment: false,
    reason: /com\.apple\.mdmclient only configures the MDM client/,
    errors: [],
    warnings: [],
  },
  'mattrax_enroll_2018.mobileconfig': {
    // OS X Server style topic, mixed indentation, <real> PayloadVersion: all fine.
    enrollment: { identity: 'scep', serverHost: 'mdm.otbeaumont.me', usable: true },
    errors: [],
    warnings: [],
  },
  'mattrax_enrollmentCache_malformed.mobileconfig': {
    enrollment: false,
    reason: /carries no payloads \(PayloadContent is missing\)/,
    errors: ['PROFILE_PAYLOAD_CONTENT_MISSING'],
    // 'PlayloadContent'
    warnings: ['PROFILE_KEY_MISSPELLED'],
  },
  'nanomdm_enroll.mobileconfig': {
    enrollment: { identity: 'scep', serverHost: 'mdm.example.org', usable: true },
    errors: [],
    warnings: [],
    secrets: ['SCEP-CHALLENGE-HERE'],
  },
  'nanomdm_enroll_v2021_payloadscope.mobileconfig': {
    enrollment: { identity: 'scep', serverHost: 'mdm.example.org', usable: true },
    errors: [],
    warnings: [],
    secrets: ['SCEP-CHALLENGE-HERE'],
  },
  'nanomdmsandbox_enroll_empty-host-template.mobileconfig': {
    // https:///mdm (ServerURL and CheckInURL) and https:///scep: a template filled with nothing.
    enrollment: { identity: 'scep', serverHost: '', usable: false },
    errors: ['PROFILE_MDM_SERVER_URL_NO_HOST', 'PROFILE_MDM_CHECKIN_URL_INVALID', 'PROFILE_IDENTITY_URL_INVALID'],
    // com..nanomdm.scep (twice: top level and SCEP payload) and com..nanomdm.mdm.
    warnings: ['PROFILE_IDENTIFIER_EMPTY_PART', 'PROFILE_IDENTIFIER_DUPLICATE', 'PROFILE_IDENTIFIER_EMPTY_PART'],
  },
  'rtrouton_BlockAirDrop_restrictions.mobileconfig': {
    // TargetDeviceType 0 means any device: no warning.
    enrollment: false,
    reason: /it contains restrictions\./,
    errors: [],
    warnings: [],
  },
  'scep_sceptest.mobileconfig': {
    enrollment: false,
    reason: /it contains a SCEP certificate request, a root certificate\./,
    errors: [],
    warnings: [],
  },
};

describe('the real-world corpus', () => {
  it('has an expectation for every file in the corpus folder', () => {
    expect(fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.mobileconfig')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const inspection = evaluateProfile(readProfile(corpusFile(file), EVIDENCE), NOW, 72);
    expect(ProfileInspection.safeParse(inspection).success).toBe(true);
    expect(inspection.format).toBe('xml');
    expect(inspection.signed).toBe(false);
    expect(inspection.errors.map((f) => f.code)).toEqual(expected.errors);
    expect(inspection.warnings.map((f) => f.code)).toEqual(expected.warnings);
    if (expected.enrollment === false) {
      expect(inspection.isEnrollmentProfile).toBe(false);
      expect(inspection.enrollment).toBeNull();
      expect(inspection.notEnrollmentReason).toMatch(expected.reason ?? /./);
      expect(inspection.usable).toBe(false);
    } else {
      expect(inspection.isEnrollmentProfile).toBe(true);
      expect(inspection.notEnrollmentReason).toBeNull();
      expect(inspection.enrollment).toMatchObject({ identity: expected.enrollment.identity, serverHost: expected.enrollment.serverHost, minMacOS: '13.0', supportedMacOS: '15.0' });
      expect(inspection.usable).toBe(expected.enrollment.usable);
    }
    const reported = JSON.stringify(inspection);
    for (const secret of expected.secrets ?? []) expect(reported).not.toContain(secret);
  });
});
