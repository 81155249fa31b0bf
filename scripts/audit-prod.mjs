// `npm run audit:prod`: `npm audit --omit=dev` for what ships in the app, clean or explained.
// Every advisory against a production dependency must be fixed or listed, with a reason, in
// scripts/security/audit-exceptions.json; an exception that matches no advisory is an error too.
//
// npm audit POSTs to the registry's advisory endpoint. Where that endpoint is not reachable (the
// build machines' registry mirror answers 405), the audit cannot run: this says so loudly and
// exits 0, unless AUDIT_REQUIRED=1 (the release checklist in docs/RELEASING.md sets it), when
// not being able to check is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXCEPTIONS_FILE = path.join(root, 'scripts', 'security', 'audit-exceptions.json');

/** The advisories in `npm audit --json` output, one per (package, advisory). */
export function advisories(report) {
  const found = [];
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || via === null) continue; // a string names another vulnerable package
      const id = String(via.url ?? via.source ?? '').split('/').pop() || String(via.source);
      found.push({ package: name, advisory: id, severity: via.severity ?? vulnerability.severity, title: via.title ?? '' });
    }
  }
  return found;
}

/** Advisories no exception explains, and exceptions that match no advisory. */
export function judgeAudit(report, exceptions) {
  const found = advisories(report);
  const covers = (exception, advisory) => exception.advisory === advisory.advisory && exception.package === advisory.package;
  return {
    unexplained: found.filter((advisory) => !exceptions.some((exception) => covers(exception, advisory))),
    stale: exceptions.filter((exception) => !found.some((advisory) => covers(exception, advisory))),
  };
}

export function readExceptions(file = EXCEPTIONS_FILE) {
  const { exceptions } = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const exception of exceptions) {
    if (typeof exception.package !== 'string' || typeof exception.advisory !== 'string' || typeof exception.reason !== 'string' || exception.reason.trim().length < 20) {
      throw new Error(`${file}: every exception needs a package, an advisory id and a reason: ${JSON.stringify(exception)}`);
    }
  }
  return exceptions;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = { error: { summary: result.stderr || 'no output' } };
  }
  if (report.error || report.message) {
    const why = report.message ?? report.error?.summary ?? 'unknown error';
    const required = process.env.AUDIT_REQUIRED === '1';
    console.log(`${required ? '✗' : '!'} npm audit --omit=dev could not run: ${why}`);
    console.log(required ? '  AUDIT_REQUIRED=1: a release needs a completed audit.' : '  NOT CHECKED on this machine (the advisory endpoint is unreachable); the release checklist runs it with AUDIT_REQUIRED=1.');
    process.exit(required ? 1 : 0);
  }
  const { unexplained, stale } = judgeAudit(report, readExceptions());
  const total = advisories(report).length;
  console.log(`npm audit --omit=dev: ${total} advisories against production dependencies, ${total - unexplained.length} explained.`);
  for (const advisory of unexplained) console.log(`  ✗ ${advisory.package}: ${advisory.advisory} (${advisory.severity}) ${advisory.title}`);
  for (const exception of stale) console.log(`  ✗ stale exception: ${exception.package} ${exception.advisory} matches no advisory; remove it.`);
  process.exit(unexplained.length + stale.length === 0 ? 0 : 1);
}
