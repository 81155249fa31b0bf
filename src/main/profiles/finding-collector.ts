import type { Finding } from '../../shared/models/common';
import { profileFinding, type ProfileFindingCode } from '../../shared/rules/profile-findings';

/** Findings of one code beyond this many are summarised in one line, so a hostile file cannot flood the output. */
export const MAX_FINDINGS_PER_CODE = 10;

/** Collects findings in order, once each, capped per code. */
export class FindingCollector {
  private readonly items: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly counts = new Map<ProfileFindingCode, number>();

  add(code: ProfileFindingCode, message: string): void {
    const key = `${code}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count <= MAX_FINDINGS_PER_CODE) this.items.push(profileFinding(code, message));
  }

  list(): Finding[] {
    const extra: Finding[] = [];
    for (const [code, count] of this.counts) {
      if (count > MAX_FINDINGS_PER_CODE) extra.push(profileFinding(code, `…and ${count - MAX_FINDINGS_PER_CODE} more like this.`));
    }
    return [...this.items, ...extra];
  }
}
