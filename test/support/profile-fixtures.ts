import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StagingProfile } from '../../src/main/staging/job-runner';
import { CORPUS_ROOT, REPO_ROOT } from './temp';

// Synthetic Intune-style enrollment profiles, written as XML text the way Intune and Apple
// Configurator write them, so each test states exactly what differs from a good profile.
export const CORPUS_DIR = path.join(CORPUS_ROOT, 'profiles');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'profiles');

export const corpusFile = (name: string) => fs.readFileSync(path.join(CORPUS_DIR, name));
export const fixtureFile = (name: string) => fs.readFileSync(path.join(FIXTURES_DIR, name));

/** Distinctive secret values: a test searches every output for them. */
export const SECRETS = {
  scepChallenge: 'SCEP-CHALLENGE-5ecret-7f3a9c',
  pkcs12Password: 'PKCS12-PASSWORD-5ecret-91bc2e',
  acmeClientIdentifier: 'ACME-CLIENT-ID-5ecret-44de7a',
  /** Inside the PKCS12 <data>: searched for as text and as base64. */
  pkcs12Data: 'PKCS12-DATA-5ecret-0d15ea5e',
} as const;

export interface EnrollmentProfileOptions {
  readonly identity?: 'scep' | 'acme' | 'pkcs12';
  /** Points IdentityCertificateUUID at this UUID instead of the identity payload's. */
  readonly identityReference?: string | null;
  readonly serverUrl?: string | null;
  readonly topic?: string | null;
  readonly accessRights?: number | null;
  readonly identifier?: string;
  readonly displayName?: string;
  readonly organization?: string;
  readonly uuid?: string;
  readonly payloadExpirationDate?: string;
  readonly removalDate?: string;
  readonly hardwareBound?: boolean;
  /** Carry all three identity payloads with the SECRETS above (the MDM payload uses `identity`). */
  readonly allSecrets?: boolean;
  /** Raw XML inserted at the top level of the profile dictionary. */
  readonly extraTopLevel?: string;
}

const IDS = {
  scep: 'CB90E976-AD44-4B69-8108-8095E6260978',
  acme: '4E8F7C1A-0B2D-4E3F-9A5B-6C7D8E9F0A1B',
  pkcs12: '7D3A1E44-2C5B-4F6A-9E8D-1B2C3D4E5F60',
  mdm: '96B11019-B54C-49DC-9480-43525834DE7B',
};

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const str = (key: string, value: string) => `<key>${key}</key><string>${escape(value)}</string>`;

function scepPayload(challenge: string): string {
  return `<dict>
      <key>PayloadContent</key>
      <dict>
        ${str('Challenge', challenge)}
        ${str('Key Type', 'RSA')}
        <key>Keysize</key><integer>2048</integer>
        ${str('URL', 'https://scep.contoso.example/scep')}
      </dict>
      ${str('PayloadIdentifier', 'com.contoso.enroll.scep')}
      ${str('PayloadType', 'com.apple.security.scep')}
      ${str('PayloadUUID', IDS.scep)}
      <key>PayloadVersion</key><integer>1</integer>
    </dict>`;
}

function acmePayload(clientIdentifier: string, hardwareBound: boolean): string {
  return `<dict>
      ${str('ClientIdentifier', clientIdentifier)}
      ${str('DirectoryURL', 'https://acme.contoso.example/directory')}
      ${hardwareBound ? '<key>HardwareBound</key><true/>' : ''}
      <key>KeySize</key><integer>384</integer>
      ${str('KeyType', 'ECSECPrimeRandom')}
      ${str('PayloadIdentifier', 'com.contoso.enroll.acme')}
      ${str('PayloadType', 'com.apple.security.acme')}
      ${str('PayloadUUID', IDS.acme)}
      <key>PayloadVersion</key><integer>1</integer>
    </dict>`;
}

function pkcs12Payload(password: string, data: string): string {
  return `<dict>
      ${str('Password', password)}
      <key>PayloadContent</key><data>${Buffer.from(data).toString('base64')}</data>
      ${str('PayloadIdentifier', 'com.contoso.enroll.pkcs12')}
      ${str('PayloadType', 'com.apple.security.pkcs12')}
      ${str('PayloadUUID', IDS.pkcs12)}
      <key>PayloadVersion</key><integer>1</integer>
    </dict>`;
}

export function enrollmentProfileXml(options: EnrollmentProfileOptions = {}): string {
  const identity = options.identity ?? 'scep';
  const identities = options.allSecrets
    ? [scepPayload(SECRETS.scepChallenge), acmePayload(SECRETS.acmeClientIdentifier, false), pkcs12Payload(SECRETS.pkcs12Password, SECRETS.pkcs12Data)]
    : [
        identity === 'scep'
          ? scepPayload('fixture-scep-challenge')
          : identity === 'acme'
            ? acmePayload('fixture-acme-client-identifier', options.hardwareBound ?? false)
            : pkcs12Payload('fixture-password', 'fixture-pkcs12-bytes'),
      ];
  const reference = options.identityReference === undefined ? IDS[identity] : options.identityReference;
  const serverUrl = options.serverUrl === undefined ? 'https://mdm.contoso.example/mdm/server' : options.serverUrl;
  const topic = options.topic === undefined ? 'com.apple.mgmt.External.0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' : options.topic;
  const accessRights = options.accessRights === undefined ? 8191 : options.accessRights;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    ${identities.join('\n    ')}
    <dict>
      ${accessRights === null ? '' : `<key>AccessRights</key><integer>${accessRights}</integer>`}
      <key>CheckOutWhenRemoved</key><true/>
      ${reference === null ? '' : str('IdentityCertificateUUID', reference)}
      ${str('PayloadIdentifier', 'com.contoso.enroll.mdm')}
      ${str('PayloadType', 'com.apple.mdm')}
      ${str('PayloadUUID', IDS.mdm)}
      <key>PayloadVersion</key><integer>1</integer>
      ${serverUrl === null ? '' : str('ServerURL', serverUrl)}
      <key>SignMessage</key><true/>
      ${topic === null ? '' : str('Topic', topic)}
    </dict>
  </array>
  ${str('PayloadDisplayName', options.displayName ?? 'Contoso Mac enrollment')}
  ${options.payloadExpirationDate ? `<key>PayloadExpirationDate</key><date>${options.payloadExpirationDate}</date>` : ''}
  ${str('PayloadIdentifier', options.identifier ?? 'com.contoso.intune.enroll')}
  ${str('PayloadOrganization', options.organization ?? 'Contoso')}
  ${str('PayloadScope', 'System')}
  ${str('PayloadType', 'Configuration')}
  ${str('PayloadUUID', options.uuid ?? 'F9760DD4-F2D1-4F29-8D2C-48D52DD0A9B3')}
  <key>PayloadVersion</key><integer>1</integer>
  ${options.removalDate ? `<key>RemovalDate</key><date>${options.removalDate}</date>` : ''}
  ${options.extraTopLevel ?? ''}
</dict>
</plist>
`;
}

export const enrollmentProfile = (options: EnrollmentProfileOptions = {}) => Buffer.from(enrollmentProfileXml(options), 'utf8');

/** What the job runner stages: `bytes` as a usable enrollment profile, valid five days from `nowMs`. */
export function stagingProfile(bytes: Buffer, nowMs: number, overrides: Partial<StagingProfile> = {}): StagingProfile {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    displayName: 'Contoso Macs',
    organization: 'Contoso',
    mdmHost: 'manage.microsoft.com',
    expiresAt: new Date(nowMs + 5 * 86_400_000).toISOString(),
    isEnrollmentProfile: true,
    notEnrollmentReason: null,
    errors: [],
    minMacOS: '12.0',
    ...overrides,
  };
}
