import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './test/lint/layers.js';

export default tseslint.config(
  {
    ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'bench/**', '.tmp/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { loopline: layers },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Untrusted data is rendered as text only (DESIGN.md, security rules).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render untrusted text through Preact, never as HTML.' },
        { property: 'outerHTML', message: 'Render untrusted text through Preact, never as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Render untrusted text through Preact, never as HTML.' },
      ],
      // Each layer imports only what it may (test/lint/layers.js, ARCHITECTURE.md).
      'loopline/layers': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'indexedDB', message: 'IndexedDB is reached through the repositories in lib/store.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No HTML injection.' },
      ],
    },
  },
  {
    // Test helpers build fixture DOMs from committed HTML files.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-globals': 'off' },
  },
  {
    // The store is where IndexedDB is opened.
    files: ['lib/store/**'],
    rules: { 'no-restricted-globals': 'off' },
  },
);
