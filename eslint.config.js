// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// ─── The house's one-way layering (docs/ARCHITECTURE.md) ────────────────────────────────────────
//
//   shared/ ◄── renderer/                       (the renderer reaches the core only over the bridge)
//   shared/ ◄── domain folders ◄── core/ ◄── front doors (electron/, web-host/, cli/)
//
// Each layer lists what it must not import. ESLint keeps only the last `no-restricted-imports`
// setting that matches a file, so every folder gets its complete list from one block below.

/** A relative import that reaches into one of these folders (src/main/<name>/ or src/<name>/). */
const intoFolders = (names, message) => ({
  regex: `^\\.{1,2}/(?:.*/)?(?:${names.join('|')})(?:/|$)`,
  message,
});
const nodeBuiltins = (message) => ({ regex: `^(?:node:.*|(?:${builtinModules.filter((name) => !name.startsWith('_')).join('|')})(?:/.*)?)$`, message });
const electronPackage = {
  name: 'electron',
  message: "Only src/main/electron/ may import 'electron' (the core, CLI and web-host run on plain Node).",
};
const sqlitePackage = {
  name: 'better-sqlite3',
  message: 'Only src/main/journal/ talks to SQLite; other folders go through its modules.',
};

const DOMAIN_FOLDERS = ['journal', 'profiles', 'devices', 'staging', 'kiosk', 'settings', 'platform', 'native', 'intune'];
const FRONT_DOORS = ['electron', 'web-host', 'cli'];

const layers = [
  {
    files: ['src/shared/**/*.ts'],
    paths: [electronPackage],
    patterns: [
      nodeBuiltins('src/shared is pure TypeScript: no Node or Electron imports.'),
      intoFolders(['main', 'renderer'], 'src/shared imports nothing from src/main or src/renderer; they import it.'),
    ],
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    paths: [electronPackage],
    patterns: [
      nodeBuiltins('The renderer is a web page: no Node or Electron imports.'),
      intoFolders(['main'], 'The renderer imports only src/shared; it reaches the core through bridge.ts.'),
    ],
  },
  {
    files: DOMAIN_FOLDERS.filter((name) => name !== 'journal').map((name) => `src/main/${name}/**/*.ts`),
    paths: [electronPackage, sqlitePackage],
    patterns: [
      intoFolders(['core', ...FRONT_DOORS, 'renderer'], 'Domain folders never import the composition root (core/) or a front door; they are injected.'),
    ],
  },
  {
    files: ['src/main/journal/**/*.ts'],
    paths: [electronPackage],
    patterns: [
      intoFolders(['core', ...FRONT_DOORS, 'renderer'], 'Domain folders never import the composition root (core/) or a front door; they are injected.'),
    ],
  },
  {
    files: ['src/main/core/**/*.ts'],
    paths: [electronPackage],
    patterns: [intoFolders([...FRONT_DOORS, 'renderer'], 'core/ is the composition root: the front doors import it, never the other way round.')],
  },
  {
    files: ['src/main/web-host/**/*.ts'],
    paths: [electronPackage],
    patterns: [intoFolders(['electron', 'cli', 'renderer'], 'A front door imports the core and the domains, never another front door.')],
  },
  {
    files: ['src/main/cli/**/*.ts'],
    paths: [electronPackage],
    patterns: [intoFolders(['electron', 'web-host', 'renderer'], 'A front door imports the core and the domains, never another front door.')],
  },
  {
    files: ['src/main/electron/**/*.ts'],
    paths: [],
    patterns: [intoFolders(['cli', 'web-host', 'renderer'], 'A front door imports the core and the domains, never another front door.')],
  },
];

// SQL is prepared only in src/main/journal/: settings rows, the admin PIN and the profile library
// go through its modules. (A regex's .exec(text) is not SQL: only string arguments are caught.)
const sqlOutsideJournal = [
  { selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]", message: 'Only src/main/journal/ prepares SQL.' },
  {
    selector: "CallExpression[callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
    message: 'Only src/main/journal/ runs SQL.',
  },
];
// GitHub Desktop's rule: only the two transport modules touch ipcMain/ipcRenderer.
const ipcOutsideTransport = [
  { selector: 'Identifier[name=/^ipc(Main|Renderer)$/]', message: 'Use the contract transport (ipc-main.ts / preload.ts).' },
];
const IPC_TRANSPORT = ['src/main/electron/ipc-main.ts', 'src/main/electron/preload.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronPackage] }],
    },
  },
  ...layers.map(({ files, paths, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
  })),
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [...IPC_TRANSPORT, 'src/main/journal/**'],
    rules: { 'no-restricted-syntax': ['error', ...ipcOutsideTransport, ...sqlOutsideJournal] },
  },
  {
    files: ['src/main/journal/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ipcOutsideTransport] },
  },
  {
    files: IPC_TRANSPORT,
    rules: { 'no-restricted-syntax': ['error', ...sqlOutsideJournal] },
  },
  {
    // Stale closures and missed dependencies are the classic React bugs: the hooks rules catch them.
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
