import { defineConfig } from '@playwright/test';

// Lets context.route() see the extension service worker's fetches (the fake platform APIs).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS ??= '1';

// Each test launches its own Chromium with a fresh profile and its own fake platform
// (test/e2e/fixtures.ts): no test shares state with another, so they run in parallel, one worker
// per core (most of a test's time is waiting on the extension's own timers and the browser).
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  // Playwright empties its output folder at start; keep it apart from the unit run's report.
  outputDir: 'test-results/playwright',
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  use: { trace: 'off' },
});
