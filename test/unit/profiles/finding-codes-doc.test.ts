import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_FINDING_CODES, PROFILE_FINDING_SEVERITY } from '../../../src/shared/rules/profile-findings';
import { REPO_ROOT } from '../../support/temp';

// The finding codes are a public contract: docs/PROFILES.md must list each one with its severity.
const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'PROFILES.md'), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (error|warning|info) \|/gm)].map((m) => [m[1], m[2]]));

describe('docs/PROFILES.md', () => {
  it('lists every finding code with the severity the code gives it, and no other', () => {
    expect(Object.fromEntries(documented)).toEqual(PROFILE_FINDING_SEVERITY);
    expect(documented.size).toBe(PROFILE_FINDING_CODES.length);
  });
});
