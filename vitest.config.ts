import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    globals: true,
    include: [
      'lib/**/*.test.ts',
      'components/**/*.test.tsx',
      'test/unit/**/*.test.ts',
      'test/unit/**/*.test.tsx',
      'entrypoints/**/*.test.ts',
    ],
    setupFiles: ['test/setup-unit.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
    // CI reads the totals from this file (.ci/run prints them).
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
  },
});
