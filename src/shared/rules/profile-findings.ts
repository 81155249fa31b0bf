import type { Finding } from '../models/common';

/**
 * Every finding code the profile inspector can report, with its severity. Codes are part of the
 * public contract (CLI --json, UI, exports): never rename one, only add. docs/PROFILES.md explains
 * each; a test keeps that table complete. Messages never quote a value that could be a secret.
 *
 * error: the profile would not enrol a Mac (or must not be trusted); warning: worth a look;
 * info: a prerequisite or fact the technician needs.
 */
export const PROFILE_FINDING_SEVERITY = {
  // reading the property list
  PROFILE_DUPLICATE_KEY: 'warning',
  PROFILE_KEY_WITHOUT_VALUE: 'warning',
  PROFILE_VALUE_WITHOUT_KEY: 'warning',
  PROFILE_BASE64_INVALID: 'error',
  PROFILE_DATE_INVALID: 'warning',
  PROFILE_NUMBER_INVALID: 'warning',
  PROFILE_XML_UNKNOWN_ELEMENT: 'warning',
  PROFILE_XML_STRAY_TEXT: 'warning',
  PROFILE_XML_ENTITY_UNKNOWN: 'warning',
  PROFILE_XML_NO_PLIST_ELEMENT: 'warning',
  PROFILE_XML_TRAILING_CONTENT: 'warning',
  PROFILE_TEXT_ENCODING_INVALID: 'warning',

  // the CMS signature
  CMS_SIGNATURE_UNREADABLE: 'error',
  CMS_DIGEST_MISMATCH: 'error',
  CMS_SIGNATURE_INVALID: 'error',
  CMS_SIGNER_CERT_MISSING: 'error',
  CMS_ALGORITHM_UNSUPPORTED: 'warning',
  CMS_SIGNER_EXPIRED: 'warning',
  CMS_SIGNER_NOT_YET_VALID: 'warning',

  // the profile's structure
  PROFILE_NOT_CONFIGURATION: 'error',
  PROFILE_PAYLOAD_CONTENT_MISSING: 'error',
  PROFILE_REQUIRED_KEY_MISSING: 'error',
  PROFILE_PAYLOAD_NOT_DICT: 'warning',
  PROFILE_PAYLOAD_TYPE_MISSING: 'warning',
  PROFILE_KEY_MISSPELLED: 'warning',
  PROFILE_VALUE_TYPE: 'warning',
  PROFILE_UUID_INVALID: 'warning',
  PROFILE_UUID_DUPLICATE: 'warning',
  PROFILE_IDENTIFIER_EMPTY_PART: 'warning',
  PROFILE_IDENTIFIER_DUPLICATE: 'warning',
  PROFILE_TEMPLATE_PLACEHOLDER: 'warning',
  PROFILE_TARGET_NOT_MAC: 'warning',
  PROFILE_SCOPE_USER: 'warning',
  PROFILE_AUTO_REMOVAL: 'warning',

  // the MDM enrollment payload
  PROFILE_MDM_MULTIPLE: 'error',
  PROFILE_MDM_SERVER_URL_MISSING: 'error',
  PROFILE_MDM_SERVER_URL_INVALID: 'error',
  PROFILE_MDM_SERVER_URL_NOT_HTTPS: 'error',
  PROFILE_MDM_SERVER_URL_NO_HOST: 'error',
  PROFILE_MDM_CHECKIN_URL_INVALID: 'error',
  PROFILE_TOPIC_MISSING: 'error',
  PROFILE_TOPIC_PREFIX: 'error',
  PROFILE_IDENTITY_MISSING: 'error',
  PROFILE_IDENTITY_DANGLING: 'error',
  PROFILE_IDENTITY_NOT_IDENTITY: 'error',
  PROFILE_IDENTITY_URL_INVALID: 'error',
  PROFILE_ACCESS_RIGHTS_INVALID: 'error',
  PROFILE_ACME_NEEDS_SERIALS: 'info',

  // time
  PROFILE_DOWNLOADED_IN_FUTURE: 'warning',
} as const satisfies Record<string, Finding['severity']>;

export type ProfileFindingCode = keyof typeof PROFILE_FINDING_SEVERITY;

export const PROFILE_FINDING_CODES = Object.keys(PROFILE_FINDING_SEVERITY) as ProfileFindingCode[];

export function profileFinding(code: ProfileFindingCode, message: string): Finding {
  return { severity: PROFILE_FINDING_SEVERITY[code], code, message };
}
