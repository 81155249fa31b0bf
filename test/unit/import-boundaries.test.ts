import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/temp';

// The one-way layering of docs/ARCHITECTURE.md is kept by lint. Each row lints one line of code
// as if it were a file in that folder, with the repository's own eslint.config.js, and says which
// rule (if any) must fire. Rows that must pass keep the rules from simply refusing everything.

interface Row {
  readonly file: string;
  readonly code: string;
  readonly rule: 'no-restricted-imports' | 'no-restricted-syntax' | null;
}

const rows: readonly Row[] = [
  // shared/ imports nothing from main/ or renderer/, and no Node or Electron.
  { file: 'src/shared/models/x.ts', code: "import '../../main/journal/database';", rule: 'no-restricted-imports' },
  { file: 'src/shared/rules/x.ts', code: "import '../../renderer/store/store';", rule: 'no-restricted-imports' },
  { file: 'src/shared/x.ts', code: "import 'node:fs';", rule: 'no-restricted-imports' },
  { file: 'src/shared/x.ts', code: "import 'path';", rule: 'no-restricted-imports' },
  { file: 'src/shared/x.ts', code: "import 'fs/promises';", rule: 'no-restricted-imports' },
  { file: 'src/shared/x.ts', code: "import 'electron';", rule: 'no-restricted-imports' },
  { file: 'src/shared/contract/x.ts', code: "import './events';", rule: null },
  { file: 'src/shared/contract/x.ts', code: "import '../models/target';", rule: null },
  { file: 'src/shared/contract/x.ts', code: "import 'zod';", rule: null },
  // The renderer imports only shared/.
  { file: 'src/renderer/store/x.ts', code: "import '../../main/core/dispatch';", rule: 'no-restricted-imports' },
  { file: 'src/renderer/x.tsx', code: "import 'node:os';", rule: 'no-restricted-imports' },
  { file: 'src/renderer/x.tsx', code: "import 'electron';", rule: 'no-restricted-imports' },
  { file: 'src/renderer/store/x.ts', code: "import '../../shared/models/target';", rule: null },
  { file: 'src/renderer/store/x.ts', code: "import '../bridge';", rule: null },
  // Domain folders never import core/, a front door, or the renderer.
  ...['journal', 'profiles', 'devices', 'staging', 'kiosk', 'settings', 'platform', 'native', 'intune'].flatMap((domain): Row[] => [
    { file: `src/main/${domain}/x.ts`, code: "import '../core/create-bench';", rule: 'no-restricted-imports' },
    { file: `src/main/${domain}/x.ts`, code: "import '../cli/run-cli';", rule: 'no-restricted-imports' },
    { file: `src/main/${domain}/x.ts`, code: "import '../web-host/web-host';", rule: 'no-restricted-imports' },
    { file: `src/main/${domain}/x.ts`, code: "import '../electron/window';", rule: 'no-restricted-imports' },
    { file: `src/main/${domain}/x.ts`, code: "import 'electron';", rule: 'no-restricted-imports' },
    { file: `src/main/${domain}/x.ts`, code: "import '../platform/clock';", rule: null },
    { file: `src/main/${domain}/x.ts`, code: "import 'node:fs';", rule: null },
  ]),
  { file: 'src/main/devices/adapters/x.ts', code: "export type { Bench } from '../../core/create-bench';", rule: 'no-restricted-imports' },
  // Only journal/ talks to SQLite.
  { file: 'src/main/profiles/x.ts', code: "import 'better-sqlite3';", rule: 'no-restricted-imports' },
  { file: 'src/main/journal/x.ts', code: "import 'better-sqlite3';", rule: null },
  { file: 'src/main/kiosk/x.ts', code: "declare const db: { prepare(sql: string): unknown }; db.prepare('SELECT 1');", rule: 'no-restricted-syntax' },
  {
    file: 'src/main/settings/x.ts',
    code: "declare const db: { exec(sql: string): unknown }; db.exec('DELETE FROM settings');",
    rule: 'no-restricted-syntax',
  },
  { file: 'src/main/journal/x.ts', code: "declare const db: { prepare(sql: string): unknown }; db.prepare('SELECT 1');", rule: null },
  { file: 'src/main/devices/x.ts', code: 'export const m = /a(b)/.exec(String(1));', rule: null },
  // core/ is imported by the front doors, never the reverse; front doors never import each other.
  { file: 'src/main/core/x.ts', code: "import '../web-host/web-host';", rule: 'no-restricted-imports' },
  { file: 'src/main/core/handlers/x.ts', code: "import '../../cli/run-cli';", rule: 'no-restricted-imports' },
  { file: 'src/main/core/x.ts', code: "import 'electron';", rule: 'no-restricted-imports' },
  { file: 'src/main/core/x.ts', code: "import '../staging/staging-service';", rule: null },
  { file: 'src/main/cli/x.ts', code: "import '../web-host/web-host';", rule: 'no-restricted-imports' },
  { file: 'src/main/web-host/x.ts', code: "import '../electron/window';", rule: 'no-restricted-imports' },
  { file: 'src/main/cli/x.ts', code: "import 'electron';", rule: 'no-restricted-imports' },
  { file: 'src/main/cli/x.ts', code: "import '../core/create-bench';", rule: null },
  // `electron` only in src/main/electron/.
  { file: 'src/main/electron/x.ts', code: "import 'electron';", rule: null },
  { file: 'src/main/electron/x.ts', code: "import '../cli/run-cli';", rule: 'no-restricted-imports' },
];

describe('lint keeps the arrows of the house pointing one way', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: REPO_ROOT });
  });

  it.each(rows)('$file: $code → $rule', async ({ file, code, rule }) => {
    const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(REPO_ROOT, file) });
    const fired = [...new Set(result!.messages.map((message) => message.ruleId))];
    expect(fired).toEqual(rule ? [rule] : []);
  });
});
