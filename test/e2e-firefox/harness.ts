/**
 * The Firefox suite's own small runner: journeys run one after another (each in a fresh
 * Firefox profile), and the totals go to test-results/firefox.json. No timed assertions: waits
 * poll for a state and fail only after a generous deadline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Journey = { name: string; run: () => Promise<void> };

const journeys: Journey[] = [];

export function journey(name: string, run: () => Promise<void>): void {
  journeys.push({ name, run });
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export function expectTrue(condition: unknown, what: string): void {
  if (!condition) throw new Error(what);
}

export interface Result {
  name: string;
  status: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export async function runAll(filter?: RegExp, outFile = 'test-results/firefox.json'): Promise<Result[]> {
  const started = Date.now();
  const results: Result[] = [];
  for (const { name, run } of journeys) {
    if (filter && !filter.test(name)) continue;
    const t0 = Date.now();
    try {
      await run();
      results.push({ name, status: 'passed', durationMs: Date.now() - t0 });
      console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, status: 'failed', durationMs: Date.now() - t0, error: message });
      console.log(`  ✗ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n${indent(message)}`);
    }
  }
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.length - passed;
  const durationMs = Date.now() - started;
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ passed, failed, durationMs, results }, null, 2) + '\n');
  console.log(`\nfirefox: ${passed} passed, ${failed} failed (${(durationMs / 1000).toFixed(1)} s)`);
  return results;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
