/**
 * `npm run bench`: Loopline's figures, printed as a table and written to bench/results.json.
 * Speed and size are measured here, never asserted in tests. Pass names to run a subset:
 * `npm run bench -- bundle latency`.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { bigLead, pageScripting, sidebarLatency, type Figure } from './browser';
import { dataBenchmarks } from './data';
import { idleChurn } from './idle';
import { importBenchmarks } from './import';
import { nodeBenchmarks } from './node';
import { outboxThroughput } from './outbox';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function bundleSizes(): Figure[] {
  const dir = path.join(ROOT, '.output', 'chrome-mv3');
  const files = [
    // Whatever content scripts the build has (today one, sites.js, for every site).
    ...readdirSync(path.join(dir, 'content-scripts'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `content-scripts/${f}`),
    'background.js',
    ...readdirSync(path.join(dir, 'chunks')).map((f) => `chunks/${f}`),
  ];
  const figures: Figure[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    try {
      statSync(full);
    } catch {
      continue;
    }
    const raw = readFileSync(full);
    const gzip = `gzip ${(gzipSync(raw).length / 1024).toFixed(1)} KiB`;
    const target = file.startsWith('content-scripts/') ? '; target ≤ 25 KiB gzip' : '';
    figures.push({ name: `bundle ${file}`, value: raw.length / 1024, unit: 'KiB', note: gzip + target });
  }
  return figures;
}

const SUITES: Record<string, () => Promise<Figure[]> | Figure[]> = {
  bundle: bundleSizes,
  latency: sidebarLatency,
  scripting: pageScripting,
  idle: idleChurn,
  'big-lead': bigLead,
  node: nodeBenchmarks,
  data: dataBenchmarks,
  import: importBenchmarks,
  outbox: outboxThroughput,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(SUITES);
  const results: Record<string, Figure[]> = {};
  for (const name of names) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`Unknown benchmark "${name}". Known: ${Object.keys(SUITES).join(', ')}`);
    process.stderr.write(`running ${name}…\n`);
    results[name] = await suite();
  }
  const rows = Object.entries(results).flatMap(([suite, figures]) =>
    figures.map((f) => [suite, f.name, formatValue(f.value), f.unit, f.note ?? '']),
  );
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i]!.length), 4));
  const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(['suite', 'figure', 'value', 'unit', 'note']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  // A run of some suites replaces theirs and keeps the others' last figures, each with its date.
  const file = path.join(ROOT, 'bench', 'results.json');
  const at = new Date().toISOString();
  const kept = readResults(file);
  for (const [name, figures] of Object.entries(results)) kept[name] = { at, node: process.version, figures };
  writeFileSync(file, JSON.stringify({ at, suites: kept }, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

interface SuiteResult {
  at: string;
  node: string;
  figures: Figure[];
}

function readResults(file: string): Record<string, SuiteResult> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { suites?: Record<string, SuiteResult> };
    return parsed.suites ?? {};
  } catch {
    return {};
  }
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
