import { defineConfig } from '@playwright/test';

// Lets context.route() see the extension service worker's fetches (the fake platform APIs).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS ??= '1';

// Each test launches its own Chromium with the built extension (test/e2e/fixtures.ts); the
// machines have two cores, so tests run one at a time.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // Playwright empties its output folder at start; keep it apart from the unit run's report.
  outputDir: 'test-results/playwright',
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  use: { trace: 'off' },
});
