// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: "Only src/main/electron/ may import 'electron' (the core, CLI and web-host run on plain Node)." }],
};

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
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // GitHub Desktop's rule: only the two transport modules touch ipcMain/ipcRenderer.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/main/electron/ipc-main.ts', 'src/main/electron/preload.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "Identifier[name=/^ipc(Main|Renderer)$/]", message: 'Use the contract transport (ipc-main.ts / preload.ts).' }],
    },
  },
  {
    files: ['src/shared/**/*.ts', 'src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'electron', '../main/*', '../../main/*'], message: 'src/shared and src/renderer are pure: no Node, Electron or main-process imports.' }] }],
    },
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
