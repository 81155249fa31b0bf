import { describe, expect, it } from 'vitest';
import { advisories, judgeAudit, readExceptions } from '../../scripts/audit-prod.mjs';

// The judgement `npm run audit:prod` applies to `npm audit --omit=dev --json` (report format 2, as
// npm 7+ prints it). The audit itself needs the registry's advisory endpoint, which these machines
// cannot reach; the release checklist runs it for real (docs/RELEASING.md).
const report = {
  auditReportVersion: 2,
  vulnerabilities: {
    ws: {
      name: 'ws',
      severity: 'high',
      isDirect: true,
      via: [{ source: 1098392, name: 'ws', dependency: 'ws', title: 'ws affected by a DoS when handling a request with many HTTP headers', url: 'https://github.com/advisories/GHSA-3h5v-q93c-6h6q', severity: 'high', range: '>=8.0.0 <8.17.1' }],
      effects: ['some-wrapper'],
      range: '8.0.0 - 8.17.0',
      nodes: ['node_modules/ws'],
      fixAvailable: true,
    },
    'some-wrapper': { name: 'some-wrapper', severity: 'high', isDirect: false, via: ['ws'], effects: [], range: '*', nodes: ['node_modules/some-wrapper'], fixAvailable: true },
  },
  metadata: { vulnerabilities: { high: 2, total: 2 } },
};

describe('the production dependency audit', () => {
  it('reads each advisory once, by its GHSA id, not the packages that merely depend on it', () => {
    expect(advisories(report)).toEqual([{ package: 'ws', advisory: 'GHSA-3h5v-q93c-6h6q', severity: 'high', title: 'ws affected by a DoS when handling a request with many HTTP headers' }]);
  });

  it('fails an unexplained advisory and a stale exception, and passes an explained one', () => {
    expect(judgeAudit(report, []).unexplained.map((advisory) => advisory.advisory)).toEqual(['GHSA-3h5v-q93c-6h6q']);
    const explained = [{ package: 'ws', advisory: 'GHSA-3h5v-q93c-6h6q', reason: 'Only the loopback web-host uses ws, behind a token; fixed in the next minor.' }];
    expect(judgeAudit(report, explained)).toEqual({ unexplained: [], stale: [] });
    expect(judgeAudit({ auditReportVersion: 2, vulnerabilities: {} }, explained).stale).toEqual(explained);
  });

  it('keeps the checked-in exceptions file valid (each with a reason)', () => {
    for (const exception of readExceptions()) expect(exception.reason.length).toBeGreaterThan(20);
  });
});
