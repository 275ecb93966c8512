import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Code that runs in a page or a frame (components, entry points, the content script, site
 * adapters, detection, the sidebar) is tested in happy-dom; everything else runs in plain Node,
 * which starts much faster. A Node-side test that needs a DOM says so in its first line with
 * `// @vitest-environment happy-dom`.
 */
const DOM_TESTS = [
  'components/**/*.test.tsx',
  'entrypoints/**/*.test.ts',
  'test/unit/**/*.test.tsx',
  'lib/content/**/*.test.ts',
  'lib/detect/**/*.test.ts',
  'lib/sites/**/*.test.ts',
  'lib/sidebar/**/*.test.ts',
];
const NODE_TESTS = ['lib/**/*.test.ts', 'test/unit/**/*.test.ts'];

export default defineConfig({
  plugins: [WxtVitest()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    globals: true,
    setupFiles: ['test/setup-unit.ts'],
    restoreMocks: true,
    // Some files (the sample generator's validation, ESLint's layer rule) take seconds of CPU;
    // on a busy two-core machine 5 s per test is too tight. A hang still fails.
    testTimeout: 20_000,
    // Every core (vitest's default leaves one idle, which on a two-core machine is half of them);
    // threads start faster than forked processes.
    pool: 'threads',
    maxWorkers: availableParallelism(),
    projects: [
      // Test files share their worker's modules and, for DOM files, its document (no isolation):
      // importing the stores, connectors, schemas and components again for each of ~170 files,
      // and a new document for each, was most of the unit run's time. Each test opens its own
      // database, WXT's fake browser is reset before each (test/setup-unit.ts), the document is
      // emptied after each (test/setup-dom.ts), and nothing here mocks modules. The suite passes
      // in shuffled file orders (`npx vitest run --sequence.shuffle.files`).
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          isolate: false,
          // One project after the other: a worker that switches between them sets up its
          // environment and modules again, which costs more than the overlap gains.
          sequence: { groupOrder: 0 },
          setupFiles: ['test/setup-unit.ts', 'test/setup-dom.ts'],
          include: DOM_TESTS,
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          isolate: false,
          sequence: { groupOrder: 1 },
          include: NODE_TESTS,
          exclude: DOM_TESTS,
        },
      },
    ],
    // CI reads the totals from this file (.ci/run prints them).
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
  },
});
