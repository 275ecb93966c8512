/**
 * Import benchmarks: a Marketo activity-log export (the preset's columns, 20 activities per lead
 * on average, time-ordered as Marketo writes it) imported through Options → Data in Chromium
 * with the production build, as a user does it: choose the file, press Import, wait for the
 * verdict. Reported per size: rows/s from the click to the verdict (both as the page saw them),
 * and the browser's peak added memory, the resident memory of Chromium's whole process tree
 * (browser, renderers, the storage and GPU processes…) sampled from /proc while importing, less
 * the same sum before the click.
 *
 *   npm run build && npx tsx -e "import('./test/bench/import.ts').then(m=>m.importBenchmarks()).then(console.log)"
 */
import { chromium, type Page } from '@playwright/test';
import { median, p90 } from './stats';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticMarketoCsv, syntheticMarketoPerson } from '../../lib/workspace/synthetic';
import { OptionsPage } from '../e2e/pages/options';
import { extensionArgs, findChromium } from '../support/chromium';
import type { Figure } from './browser';

/**
 * The production build (`npm run build`), as users get it; LOOPLINE_BENCH_EXTENSION points at
 * another build (an earlier commit's, for a before/after).
 */
const EXTENSION =
  process.env.LOOPLINE_BENCH_EXTENSION ?? path.resolve(import.meta.dirname, '..', '..', '.output', 'chrome-mv3');
const ROWS_PER_LEAD = 20;
const SEED = 7;
/** Imported leads looked up after each import (lead.get), spread over the file's leads. */
const LOOKUPS = 20;
export const IMPORT_SIZES = [100_000, 1_000_000] as const;
const TARGET_ROWS_PER_SECOND = 100_000;
const TARGET_ADDED_MB = 300;
const SAMPLE_MS = 50;

/**
 * The export written to a temporary file once per size and month (1,000,000 rows are about
 * 190 MB): its activities end on the first day of the current month, so that an imported
 * lead's history lies within the sidebar's window (the last 180 days) when it is looked up.
 */
export async function marketoExport(rows: number): Promise<string> {
  const now = new Date();
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const month = end.toISOString().slice(0, 7);
  const file = path.join(os.tmpdir(), `loopline-bench-marketo-${rows}-${month}.csv`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  // Earlier months' exports of this size go.
  for (const name of readdirSync(os.tmpdir())) {
    const earlier = name === `loopline-bench-marketo-${rows}.csv` || name.startsWith(`loopline-bench-marketo-${rows}-`);
    if (earlier) rmSync(path.join(os.tmpdir(), name), { force: true });
  }
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  for (const block of syntheticMarketoCsv(rows, rows / ROWS_PER_LEAD, SEED, { end })) {
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  renameSync(partial, file);
  return file;
}

/** Every process descending from `root`, from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while being listed.
    }
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Resident memory of Chromium's process tree (the processes under this Node process), in bytes. */
function browserRss(): number {
  let total = 0;
  for (const pid of descendants(process.pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // Gone already.
    }
  }
  return total;
}

/**
 * CPU time Chromium's process tree has used, in seconds (user + system, from /proc): on a machine
 * shared with other work, a steadier measure of an import's cost than the wall clock.
 */
function browserCpuSeconds(): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of descendants(process.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name: state is field 3, utime and stime fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone already.
    }
  }
  return total / ticks;
}

function startSampling(): () => number {
  let peak = browserRss();
  const timer = setInterval(() => {
    peak = Math.max(peak, browserRss());
  }, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, browserRss());
  };
}

/** When the page saw the Import button clicked and the verdict shown (performance.now, ms). */
interface ImportTiming {
  clicked?: number;
  verdict?: number;
}

/**
 * Runs in the options page: notes the moment the Import button's click event reaches the page
 * and the moment the status line shows the verdict. The page's own clock, because a harness's
 * click first waits for the button to be stable over animation frames, which headless Chromium
 * may hold back for up to a second: time the user never waits.
 */
function watchImport(): void {
  const timing: ImportTiming = {};
  (globalThis as { __loopline_import?: ImportTiming }).__loopline_import = timing;
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest('button');
      if (button?.textContent?.trim() === 'Import') timing.clicked ??= performance.now();
    },
    true,
  );
  const verdict = /Imported |Nothing was imported|failed|cancelled/;
  const observer = new MutationObserver(() => {
    if (timing.clicked === undefined) return;
    const shown = [...document.querySelectorAll('[role="status"]')].some((status) => verdict.test(status.textContent ?? ''));
    if (shown) {
      timing.verdict = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
}

/** Times `lead.get` for each address in turn, from an extension page; each must find its lead. */
function timeLookups(page: Page, emails: string[]): Promise<number[]> {
  return page.evaluate(async (emails) => {
    const { runtime } = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome;
    const times: number[] = [];
    for (const email of emails) {
      const start = performance.now();
      const reply = (await runtime.sendMessage({ type: 'lead.get', payload: { email } })) as {
        ok: boolean;
        value?: { status?: string; touchpoints?: unknown[] };
      };
      times.push(performance.now() - start);
      if (!reply.ok || reply.value?.status !== 'found' || !reply.value.touchpoints?.length)
        throw new Error(`lead.get ${email} did not find the imported lead: ${JSON.stringify(reply).slice(0, 300)}`);
    }
    return times;
  }, emails);
}

/**
 * Presses Import and waits for the verdict: `seconds` from the click to the verdict as the page
 * saw them, `driven` as the harness did (its click's wait for the button included).
 */
export async function runTimedImport(
  options: OptionsPage,
  timeout: number,
): Promise<{ verdict: string; seconds: number; driven: number }> {
  const start = performance.now();
  await options.page.evaluate(watchImport);
  const verdict = await options.runImport(timeout);
  const driven = (performance.now() - start) / 1000;
  const timed = await options.page.evaluate(
    () => (globalThis as { __loopline_import?: ImportTiming }).__loopline_import,
  );
  if (timed?.clicked === undefined || timed.verdict === undefined) throw new Error('the page did not time the import');
  return { verdict, seconds: (timed.verdict - timed.clicked) / 1000, driven };
}

async function importOnce(rows: number): Promise<Figure[]> {
  const file = await marketoExport(rows);
  const bytes = statSync(file).size;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopline-bench-import-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findChromium(),
    headless: true,
    args: extensionArgs(EXTENSION),
    viewport: { width: 1400, height: 900 },
  });
  try {
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
      }));
    const extensionId = new URL(worker.url()).host;
    const options = await OptionsPage.open(async (page) => {
      const tab = await context.newPage();
      await tab.goto(`chrome-extension://${extensionId}/${page}`);
      return tab;
    }, 'data');
    await options.chooseImportFile(file);
    await options.workspaceStats.waitFor();
    // Let the page, the sample workspace and the first preview settle before the baseline.
    await options.page.waitForTimeout(1_000);
    const baseline = browserRss();
    const stop = startSampling();
    const cpuBefore = browserCpuSeconds();
    const { verdict, seconds, driven } = await runTimedImport(options, 30 * 60_000);
    const cpuSeconds = browserCpuSeconds() - cpuBefore;
    const peak = stop();
    const imported = /Imported ([\d,]+) leads, ([\d,]+) activities .* from ([\d,]+) rows/.exec(verdict);
    if (!imported) throw new Error(`the import did not succeed: ${verdict}`);
    const count = (text: string) => Number(text.replaceAll(',', ''));
    const readRows = count(imported[3]!);
    if (readRows !== rows) throw new Error(`imported ${readRows} rows of ${rows}`);
    const lookups = await timeLookups(
      options.page,
      Array.from({ length: LOOKUPS }, (_, i) => syntheticMarketoPerson(SEED, Math.floor(((i + 0.5) * rows) / ROWS_PER_LEAD / LOOKUPS)).email),
    );
    const size = `${rows.toLocaleString('en-US')} rows (${(bytes / 1_048_576).toFixed(0)} MiB, ${count(imported[1]!).toLocaleString('en-US')} leads, ${count(imported[2]!).toLocaleString('en-US')} activities)`;
    return [
      {
        name: `Marketo import through Options, ${rows.toLocaleString('en-US')} rows: throughput`,
        value: Math.round(readRows / seconds),
        unit: 'rows/s',
        note: `target ≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en-US')} rows/s; ${size}; the page's click → verdict shown ${seconds.toFixed(2)} s (as the harness drives it, ${driven.toFixed(1)} s), ${cpuSeconds.toFixed(1)} s of Chromium's CPU time`,
      },
      {
        name: `an imported lead's lead.get after the ${rows.toLocaleString('en-US')}-row import, median`,
        value: median(lookups),
        unit: 'ms',
        note: `${LOOKUPS} leads of the file, asked from the options page: the lead and its history from the imported workspace (its block records), colleagues, outcomes; p90 ${p90(lookups).toFixed(1)} ms`,
      },
      {
        name: `Marketo import through Options, ${rows.toLocaleString('en-US')} rows: browser's peak added memory`,
        value: Math.round((peak - baseline) / 1_048_576),
        unit: 'MB',
        note: `target < ${TARGET_ADDED_MB} MB; RSS summed over Chromium's processes, sampled every ${SAMPLE_MS} ms, less ${(baseline / 1_048_576).toFixed(0)} MB before the click`,
      },
    ];
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function importBenchmarks(sizes: readonly number[] = IMPORT_SIZES): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const rows of sizes) figures.push(...(await importOnce(rows)));
  return figures;
}
