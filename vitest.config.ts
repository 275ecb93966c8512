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
    // Every core (vitest's default leaves one idle, which on a two-core machine is half of them);
    // threads start faster than forked processes.
    pool: 'threads',
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'dom', environment: 'happy-dom', include: DOM_TESTS } },
      { extends: true, test: { name: 'node', environment: 'node', include: NODE_TESTS, exclude: DOM_TESTS } },
    ],
    // CI reads the totals from this file (.ci/run prints them).
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
  },
});
