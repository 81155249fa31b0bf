import { describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/main/profiles/inspect-profile';
import { BenchError } from '../../../src/shared/errors';
import type { ProfileInspection } from '../../../src/shared/models/profile';
import { evaluateProfile } from '../../../src/shared/rules/profile-evaluation';
import { enrollmentProfile, enrollmentProfileXml, fixtureFile, type EnrollmentProfileOptions } from '../../support/profile-fixtures';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const DAY = 86_400_000;
const inspectBytes = (bytes: Uint8Array, now = NOW): ProfileInspection =>
  evaluateProfile(readProfile(bytes, { birthTimeMs: NOW - DAY, firstSeenMs: NOW }), now, 72);
const inspect = (options: EnrollmentProfileOptions = {}) => inspectBytes(enrollmentProfile(options));
const codes = (findings: readonly { code: string }[]) => findings.map((f) => f.code);

describe('classifying enrollment profiles', () => {
  it('a good SCEP enrollment profile is usable, with its server, topic and requirements', () => {
    const inspection = inspect();
    expect(inspection).toMatchObject({
      isEnrollmentProfile: true,
      usable: true,
      identifier: 'com.contoso.intune.enroll',
      displayName: 'Contoso Mac enrollment',
      organization: 'Contoso',
      enrollment: {
        serverUrl: 'https://mdm.contoso.example/mdm/server',
        serverHost: 'mdm.contoso.example',
        topic: 'com.apple.mgmt.External.0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
        identity: 'scep',
        minMacOS: '13.0',
        supportedMacOS: '15.0',
      },
      errors: [],
      warnings: [],
      notes: [],
    });
    expect(inspection.payloads).toEqual([
      { type: 'com.apple.security.scep', identifier: 'com.contoso.enroll.scep', uuid: 'CB90E976-AD44-4B69-8108-8095E6260978', displayName: null },
      { type: 'com.apple.mdm', identifier: 'com.contoso.enroll.mdm', uuid: '96B11019-B54C-49DC-9480-43525834DE7B', displayName: null },
    ]);
  });

  it('ACME needs macOS 13.1 and serial numbers preloaded into Intune', () => {
    const inspection = inspect({ identity: 'acme' });
    expect(inspection.enrollment).toMatchObject({ identity: 'acme', minMacOS: '13.1', supportedMacOS: '15.0' });
    expect(codes(inspection.notes)).toEqual(['PROFILE_ACME_NEEDS_SERIALS']);
    expect(inspection.usable).toBe(true);
  });

  it('a hardware-bound (or attested) ACME key needs macOS 14', () => {
    expect(inspect({ identity: 'acme', hardwareBound: true }).enrollment?.minMacOS).toBe('14.0');
  });

  it('a PKCS #12 identity is an identity too', () => {
    expect(inspect({ identity: 'pkcs12' }).enrollment?.identity).toBe('pkcs12');
  });

  it('reads non-ASCII text, an XML comment and a <real> version (fixture), in XML and binary alike', () => {
    const xml = inspectBytes(fixtureFile('acme-enrollment-non-ascii.xml.mobileconfig'));
    const binary = inspectBytes(fixtureFile('acme-enrollment-non-ascii.binary.mobileconfig'));
    expect(xml).toMatchObject({ format: 'xml', usable: true, identifier: 'com.contoso.intune.enroll.zürich', organization: 'Contoso Straße GmbH' });
    expect(binary.format).toBe('binary-plist');
    const comparable = (i: ProfileInspection) => ({ ...i, format: null, sha256: null, sizeBytes: null });
    expect(comparable(binary)).toEqual(comparable(xml));
  });

  it.each<[string, EnrollmentProfileOptions, string]>([
    ['no host in ServerURL', { serverUrl: 'https:///mdm' }, 'PROFILE_MDM_SERVER_URL_NO_HOST'],
    ['ServerURL over plain http', { serverUrl: 'http://mdm.contoso.example/mdm' }, 'PROFILE_MDM_SERVER_URL_NOT_HTTPS'],
    ['ServerURL that is not a URL', { serverUrl: 'mdm.contoso.example' }, 'PROFILE_MDM_SERVER_URL_INVALID'],
    ['no ServerURL', { serverUrl: null }, 'PROFILE_MDM_SERVER_URL_MISSING'],
    ['a topic without the com.apple.mgmt. prefix', { topic: 'com.contoso.push' }, 'PROFILE_TOPIC_PREFIX'],
    ['no topic', { topic: null }, 'PROFILE_TOPIC_MISSING'],
    ['an identity reference that resolves to nothing', { identityReference: '00000000-0000-4000-8000-000000000000' }, 'PROFILE_IDENTITY_DANGLING'],
    ['no identity reference', { identityReference: null }, 'PROFILE_IDENTITY_MISSING'],
    ['AccessRights 0', { accessRights: 0 }, 'PROFILE_ACCESS_RIGHTS_INVALID'],
    ['no AccessRights', { accessRights: null }, 'PROFILE_ACCESS_RIGHTS_INVALID'],
  ])('%s is an error that makes it unusable', (_name, options, code) => {
    const inspection = inspect(options);
    expect(inspection.isEnrollmentProfile).toBe(true);
    expect(codes(inspection.errors)).toEqual([code]);
    expect(inspection.usable).toBe(false);
  });

  it('a dangling identity leaves the identity kind "none"', () => {
    expect(inspect({ identityReference: 'cb90e976-ad44-4b69-8108-8095e6260978' })).toMatchObject({
      enrollment: { identity: 'none' },
      errors: [expect.objectContaining({ code: 'PROFILE_IDENTITY_DANGLING', message: expect.stringContaining('upper/lower case') })],
    });
  });

  it('an identity reference to a certificate without a key is refused', () => {
    const xml = enrollmentProfileXml().replace('com.apple.security.scep', 'com.apple.security.root');
    expect(codes(inspectBytes(Buffer.from(xml)).errors)).toEqual(['PROFILE_IDENTITY_NOT_IDENTITY']);
  });

  it('two MDM payloads are an error', () => {
    const xml = enrollmentProfileXml();
    const mdm = xml.slice(xml.lastIndexOf('<dict>', xml.indexOf('com.apple.mdm<')), xml.indexOf('</array>'));
    const doubled = xml.replace('</array>', `${mdm.replace(/96B11019/, '96B11020').replace('enroll.mdm', 'enroll.mdm2')}</array>`);
    expect(codes(inspectBytes(Buffer.from(doubled)).errors)).toEqual(['PROFILE_MDM_MULTIPLE']);
  });

  it('duplicated keys, invalid UUIDs and unfilled templates are reported', () => {
    const inspection = inspect({
      uuid: 'TopPayloadUUID',
      extraTopLevel: '<key>PayloadDisplayName</key><string>Second name</string><key>ConsentText</key><dict><key>default</key><string>{{ consent }}</string></dict>',
    });
    expect(codes(inspection.warnings)).toEqual(['PROFILE_DUPLICATE_KEY', 'PROFILE_UUID_INVALID', 'PROFILE_TEMPLATE_PLACEHOLDER']);
    expect(inspection.displayName).toBe('Second name');
    expect(inspection.usable).toBe(true);
  });

  it('payloads that are not dictionaries, lack a type or reuse a UUID are reported; missing required keys are errors', () => {
    const xml = enrollmentProfileXml()
      .replace('<array>', '<array><string>stray</string><dict><key>PayloadUUID</key><string>96B11019-B54C-49DC-9480-43525834DE7B</string></dict>')
      // The top level's PayloadVersion is the one indented by two spaces.
      .replace('\n  <key>PayloadVersion</key><integer>1</integer>', '');
    const inspection = inspectBytes(Buffer.from(xml));
    expect(codes(inspection.errors)).toEqual(['PROFILE_REQUIRED_KEY_MISSING', 'PROFILE_REQUIRED_KEY_MISSING', 'PROFILE_REQUIRED_KEY_MISSING']);
    expect(inspection.errors.map((f) => f.message)).toEqual([
      'The profile has no PayloadVersion.',
      'PayloadContent[1] has no PayloadIdentifier.',
      'PayloadContent[1] has no PayloadVersion.',
    ]);
    expect(codes(inspection.warnings)).toEqual(['PROFILE_PAYLOAD_NOT_DICT', 'PROFILE_PAYLOAD_TYPE_MISSING', 'PROFILE_UUID_DUPLICATE']);
  });

  it('a user-scoped or self-removing enrollment profile gets a warning', () => {
    const xml = enrollmentProfileXml({ extraTopLevel: '<key>DurationUntilRemoval</key><integer>3600</integer>' }).replace(
      '<key>PayloadScope</key><string>System</string>',
      '<key>PayloadScope</key><string>User</string>',
    );
    expect(codes(inspectBytes(Buffer.from(xml)).warnings)).toEqual(['PROFILE_SCOPE_USER', 'PROFILE_AUTO_REMOVAL']);
  });

  it('a profile for another kind of device gets a warning', () => {
    expect(codes(inspect({ extraTopLevel: '<key>TargetDeviceType</key><integer>1</integer>' }).warnings)).toEqual(['PROFILE_TARGET_NOT_MAC']);
  });
});

describe('the profile’s own dates', () => {
  it('a PayloadExpirationDate in the past makes it expired', () => {
    const inspection = inspect({ payloadExpirationDate: '2026-11-20T00:00:00Z' });
    expect(inspection.expiry).toMatchObject({ status: 'expired', expiresBy: 'payload-expiration-date', payloadExpirationDate: '2026-11-20T00:00:00.000Z' });
    expect(inspection.usable).toBe(false);
  });

  it('a RemovalDate in the past makes it expired', () => {
    const inspection = inspect({ removalDate: '2026-11-25T00:00:00Z' });
    expect(inspection.expiry).toMatchObject({ status: 'expired', expiresBy: 'removal-date' });
    expect(codes(inspection.warnings)).toEqual(['PROFILE_AUTO_REMOVAL']);
  });

  it('a date written as text is honoured with a warning', () => {
    const inspection = inspect({ extraTopLevel: '<key>PayloadExpirationDate</key><string>2026-11-27T00:00:00Z</string>' });
    expect(inspection.expiry).toMatchObject({ status: 'expiring', expiresBy: 'payload-expiration-date' });
    expect(codes(inspection.warnings)).toEqual(['PROFILE_VALUE_TYPE']);
  });
});

describe('files that are not enrollment profiles', () => {
  it('an over-the-air Profile Service request', () => {
    const xml = enrollmentProfileXml().replace('<string>Configuration</string>', '<string>Profile Service</string>');
    const inspection = inspectBytes(Buffer.from(xml));
    expect(inspection.isEnrollmentProfile).toBe(false);
    expect(inspection.notEnrollmentReason).toMatch(/Profile Service/);
    expect(codes(inspection.errors)).toEqual(['PROFILE_NOT_CONFIGURATION']);
  });

  it('a Wi-Fi profile says what it contains', () => {
    const xml = enrollmentProfileXml().replace('com.apple.mdm<', 'com.apple.wifi.managed<');
    expect(inspectBytes(Buffer.from(xml)).notEnrollmentReason).toBe('It has no MDM enrollment payload (com.apple.mdm); it contains a SCEP certificate request, Wi-Fi settings.');
  });

  it.each([
    ['an empty file', ''],
    ['plain text', 'hello, this is not a profile'],
    ['a property list that is not a dictionary', '<plist><array/></plist>'],
    ['a PEM certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
  ])('%s is PROFILE_UNREADABLE', (_name, text) => {
    expect(() => inspectBytes(Buffer.from(text))).toThrow(BenchError);
    expect(() => inspectBytes(Buffer.from(text))).toThrow(expect.objectContaining({ code: 'PROFILE_UNREADABLE' }));
  });
});
