import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'native/**', 'bench/lib/.bundled-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/harness/page-bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The renderer talks to main only through window.api: no Node, no Electron.
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'node:*', '../../../main/*', '**/src/main/**'] }],
    },
  },
  {
    // Services are plain Node: only the Electron shell files may import electron.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: {
      // The CLI runs src/main from source, where the tests' path aliases do not exist.
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['@main/*', '@shared/*', '@preload/*', '@renderer/*'] }],
      // The import thread writes to the ledger from its own connection: a deferred
      // transaction that reads before it writes could fail with SQLITE_BUSY_SNAPSHOT.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='CallExpression'][callee.callee.property.name='transaction']",
          message: 'Call ledger transactions with .immediate(): a second connection (the import thread) writes too.',
        },
      ],
    },
  },
);
