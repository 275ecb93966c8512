import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'bench/**', '.tmp/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Untrusted data is rendered as text only (DESIGN.md, security rules).
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render untrusted text through Preact, never as HTML.' },
        { property: 'outerHTML', message: 'Render untrusted text through Preact, never as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Render untrusted text through Preact, never as HTML.' },
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
    rules: { 'no-restricted-properties': 'off' },
  },
);
