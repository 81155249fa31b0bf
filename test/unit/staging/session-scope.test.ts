import { describe, expect, it } from 'vitest';
import { choosingEndsSession } from '../../../src/shared/rules/session-scope';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const open = { endedAt: null, scripted: false, profileSha256: A };

describe('choosing a profile and the open session', () => {
  it('another profile ends the open session', () => {
    expect(choosingEndsSession(open, B)).toBe(true);
  });

  it('the same profile, clearing the choice, no session or an ended one: nothing ends', () => {
    expect(choosingEndsSession(open, A)).toBe(false);
    expect(choosingEndsSession(open, null)).toBe(false);
    expect(choosingEndsSession(null, B)).toBe(false);
    expect(choosingEndsSession({ ...open, endedAt: '2026-11-26T10:00:00.000Z' }, B)).toBe(false);
  });

  it('a session not yet tied to a profile takes the new one; a scripted run keeps its own', () => {
    expect(choosingEndsSession({ ...open, profileSha256: null }, B)).toBe(false);
    expect(choosingEndsSession({ ...open, scripted: true }, B)).toBe(false);
  });
});
