// `npm run scan:security`: Electronegativity over the built Electron code (out/main, out/preload,
// out/renderer), offline. Every finding above informational must be fixed or waived in
// scripts/security/electronegativity-waivers.json with one reason per waiver; a waiver that no
// longer matches anything is an error too, so the file stays true. The packaging tests run the
// same scan on every submission (test/integration/packaging/security-scan.test.ts).
//
// Offline: Electronegativity fetches translations at start and Electron's release list for
// AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK. The first is answered by a stand-in for its HTTP client
// that fails at once (it then uses the bundled English texts); the second check is left out; the
// Electron version is the one in node_modules (docs/RELEASING.md covers upgrades).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
export const WAIVERS_FILE = path.join(root, 'scripts', 'security', 'electronegativity-waivers.json');
export const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** Copies the Electron parts of out/ (no source maps) into a fresh folder, so global checks see them together. */
function stageElectronCode(outDir) {
  const staged = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-electronegativity-'));
  for (const part of ['main', 'preload', 'renderer']) {
    const from = path.join(outDir, part);
    if (!fs.existsSync(from)) throw new Error(`${from} is missing: run \`npm run build\` first.`);
    fs.cpSync(from, path.join(staged, part), { recursive: true, filter: (file) => !file.endsWith('.map') });
  }
  return staged;
}

/** Loads Electronegativity with its HTTP client replaced by one that is always offline. */
function loadOfflineElectronegativity() {
  const Module = require('node:module');
  const originalLoad = Module._load;
  const offlineGot = () => Promise.reject(new Error('offline: the security scan makes no network requests'));
  Module._load = function load(request, parent, ...rest) {
    if (request === 'got' && parent?.filename?.includes(`${path.sep}@doyensec${path.sep}electronegativity${path.sep}`)) return offlineGot;
    return originalLoad.call(this, request, parent, ...rest);
  };
  try {
    return require('@doyensec/electronegativity');
  } finally {
    Module._load = originalLoad;
  }
}

/**
 * @param {{ outDir?: string }} [options]
 * @returns {Promise<{ findings: Array<{ check: string, severity: string, confidence: string, file: string, line: number, manualReview: boolean, description: string }>, checks: number, errors: Array<{ file: string, message: string }> }>}
 */
export async function scanElectronCode(options = {}) {
  const staged = stageElectronCode(options.outDir ?? path.join(root, 'out'));
  try {
    const run = loadOfflineElectronegativity();
    const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    const quietLog = console.log;
    // Its only chatter is the translation fetch that cannot happen offline.
    console.log = (...args) => {
      if (!String(args[0]).startsWith('Could not retrieve updated translations')) quietLog(...args);
    };
    let result;
    try {
      result = await run({ input: staged, excludeFromScan: NETWORK_CHECKS, electronVersionOverride: electronVersion, isRelative: true });
    } finally {
      console.log = quietLog;
    }
    return {
      checks: result.globalChecks + result.atomicChecks,
      errors: result.errors.filter((error) => !error.tolerable).map((error) => ({ file: path.relative(staged, error.file), message: error.message })),
      findings: result.issues.map((issue) => ({
        check: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file === 'N/A' ? 'N/A' : issue.file.split(path.sep).join('/'),
        line: issue.location?.line ?? 0,
        manualReview: Boolean(issue.manualReview),
        description: issue.description,
      })),
    };
  } finally {
    fs.rmSync(staged, { recursive: true, force: true });
  }
}

/** @returns {Array<{ check: string, file: string, reason: string }>} */
export function readWaivers(file = WAIVERS_FILE) {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const waiver of parsed.waivers) {
    if (typeof waiver.check !== 'string' || typeof waiver.file !== 'string' || typeof waiver.reason !== 'string' || waiver.reason.trim().length < 20) {
      throw new Error(`${file}: every waiver needs a check, a file and a reason (one sentence at least): ${JSON.stringify(waiver)}`);
    }
  }
  return parsed.waivers;
}

/** Findings above informational that no waiver covers, and waivers that cover nothing. */
export function judge(findings, waivers) {
  const serious = findings.filter((finding) => finding.severity !== 'INFORMATIONAL');
  const covers = (waiver, finding) => waiver.check === finding.check && waiver.file === finding.file;
  return {
    unwaived: serious.filter((finding) => !waivers.some((waiver) => covers(waiver, finding))),
    stale: waivers.filter((waiver) => !serious.some((finding) => covers(waiver, finding))),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { findings, checks, errors } = await scanElectronCode();
  const { unwaived, stale } = judge(findings, readWaivers());
  console.log(`Electronegativity: ${checks} checks, ${findings.length} findings, ${findings.length - unwaived.length} waived.`);
  for (const finding of unwaived) console.log(`  ✗ ${finding.check} (${finding.severity}, ${finding.confidence}) ${finding.file}:${finding.line} — ${finding.description}`);
  for (const waiver of stale) console.log(`  ✗ stale waiver: ${waiver.check} in ${waiver.file} matches no finding; remove it.`);
  for (const error of errors) console.log(`  ✗ could not parse ${error.file}: ${error.message}`);
  process.exit(unwaived.length + stale.length + errors.length === 0 ? 0 : 1);
}
