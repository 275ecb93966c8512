/**
 * `npm run test:firefox`: the Firefox e2e suite (after `npm run build:firefox`). Writes
 * test-results/firefox.json ({ passed, failed, durationMs, results }). `--grep TEXT` runs the
 * journeys whose names match.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FirefoxNotFoundError, findFirefox } from '../support/firefox';
import { runAll } from './harness';
import './journeys';

const { values } = parseArgs({ options: { grep: { type: 'string' } } });

try {
  findFirefox();
} catch (error) {
  if (error instanceof FirefoxNotFoundError) {
    console.error(error.message);
    // Counted as a failure in CI's totals, not as a suite that did not exist.
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/firefox.json',
      JSON.stringify({ passed: 0, failed: 1, durationMs: 0, results: [], error: error.message }, null, 2) +
        '\n',
    );
    process.exit(1);
  }
  throw error;
}

console.log('Loopline on Firefox:');
const results = await runAll(values.grep ? new RegExp(values.grep, 'i') : undefined);
process.exit(results.some((r) => r.status === 'failed') || results.length === 0 ? 1 : 0);
