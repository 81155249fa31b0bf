import { describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/main/profiles/inspect-profile';
import type { ProfileInspection } from '../../../src/shared/models/profile';
import { recogniseIntune } from '../../../src/shared/rules/intune-hints';
import { evaluateProfile } from '../../../src/shared/rules/profile-evaluation';
import { corpusFile, enrollmentProfile, type EnrollmentProfileOptions } from '../../support/profile-fixtures';

// “Looks like an Intune export” or “not from Intune”, from the hints DOMAIN.md §1 lists (none of
// them proof on its own), always naming which hints were seen.

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const inspectBytes = (bytes: Uint8Array): ProfileInspection => evaluateProfile(readProfile(bytes, { birthTimeMs: NOW - 86_400_000, firstSeenMs: NOW }), NOW, 72);
const inspect = (options: EnrollmentProfileOptions = {}) => inspectBytes(enrollmentProfile(options));

describe('recognising an Intune export', () => {
  it('an MDM server under manage.microsoft.com looks like Intune, with every hint named', () => {
    const r = recogniseIntune(
      inspect({ serverUrl: 'https://fef.msuc06.manage.microsoft.com/StatelessIOSEnrollmentService/DeviceEnrollment', identifier: 'Microsoft.Profiles.MDM', displayName: 'Management Profile' }),
    );
    expect(r.verdict).toBe('looks-like-intune');
    expect(r.summary).toBe('looks like an Intune export (MDM server fef.msuc06.manage.microsoft.com, identifier Microsoft.Profiles.MDM, display name “Management Profile”)');
  });

  it('the US Government cloud (manage.microsoft.us) too', () => {
    expect(recogniseIntune(inspect({ serverUrl: 'https://fef.amsua0102.manage.microsoft.us/DeviceEnrollment' })).verdict).toBe('looks-like-intune');
  });

  it('two hints without the server still look like Intune; one alone does not', () => {
    expect(recogniseIntune(inspect({ identifier: 'Microsoft.Profiles.MDM', displayName: 'Management Profile' })).verdict).toBe('looks-like-intune');
    const one = recogniseIntune(inspect({ identifier: 'Microsoft.Profiles.MDM' }));
    expect(one).toMatchObject({ verdict: 'not-from-intune', summary: 'not from Intune (its MDM server is mdm.contoso.example; only one Intune hint: identifier Microsoft.Profiles.MDM)' });
  });

  it('a look-alike host is not Microsoft’s', () => {
    expect(recogniseIntune(inspect({ serverUrl: 'https://manage.microsoft.com.evil.example/mdm' })).verdict).toBe('not-from-intune');
  });

  it('real non-Intune enrollment profiles from the corpus are “not from Intune”', () => {
    for (const name of ['nanomdm_enroll.mobileconfig', 'mattrax_enroll_2018.mobileconfig']) {
      const r = recogniseIntune(inspectBytes(corpusFile(name)));
      expect(r.verdict, name).toBe('not-from-intune');
      expect(r.summary, name).toMatch(/^not from Intune \(/);
    }
  });
});
