/**
 * Where an import's time and memory go: the bench's import (test/bench/import.ts) with a CPU
 * profile of the options page's import worker (over CDP, the worker's own target), its heap, and
 * the added resident memory of each Chromium process. Not part of `npm run bench`.
 *
 *   npm run build && npx tsx test/bench/profile-import.ts 1000000 /tmp/import.cpuprofile
 *   (EXT=<another build> to profile it; HEAP_TRACE=1 prints memory every second, CPU_TRACE=1 CPU,
 *   HEAP_SAMPLING=1 writes a sampled allocation profile of the worker, objects a major GC took included;
 *   IMPORT_FILE=<path> imports that file instead of the bench's Marketo export)
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OptionsPage } from '../e2e/pages/options';
import { marketoExport } from './import';
import { extensionArgs, findChromium } from '../support/chromium';

const rows = Number(process.argv[2] ?? 100000);
const EXT = process.env.EXT ?? '/work/wt-import/.output/chrome-mv3';
const out = process.argv[3] ?? '/tmp/wti/worker.cpuprofile';
/** Resident memory of each of Chromium's processes under this one, by its --type (and pid). */
function rssByProcess(): Map<string, number> {
  const out = new Map<string, number>();
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  for (const pid of parents.keys()) {
    if (!mine(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      out.set(`${type}${sub ? `:${sub}` : ''}#${pid}`, rss);
    } catch {
      // Gone.
    }
  }
  return out;
}

/** CPU seconds (user + system) each of Chromium's processes has used, keyed as rssByProcess keys them. */
function cpuByProcess(): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of rssByProcess().keys()) {
    const pid = Number(key.slice(key.lastIndexOf('#') + 1));
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(key, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // Gone.
    }
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopline-prof-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findChromium(), headless: true, args: extensionArgs(EXT), viewport: { width: 1400, height: 900 },
  });
  try {
    const sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://') }));
    const id = new URL(sw.url()).host;
    // The page ends the worker with the import: keep it, to stop the profiler after the verdict.
    await context.addInitScript(() => {
      (Worker.prototype as { terminate(): void }).terminate = () => {};
    });
    const options = await OptionsPage.open(async (p) => { const t = await context.newPage(); await t.goto(`chrome-extension://${id}/${p}`); return t; }, 'data');
    options.page.on('console', (m) => console.log('[console]', m.text()));
    await options.chooseImportFile(process.env.IMPORT_FILE ?? (await marketoExport(rows)));
    await options.workspaceStats.waitFor();
    await options.page.waitForTimeout(1000);
    const cdp = await context.newCDPSession(options.page);
    let msgId = 1000;
    type Reply = { profile?: unknown; usedSize?: number; totalSize?: number };
    const pending = new Map<number, (r: Reply) => void>();
    let workerSession: string | undefined;
    const send = (method: string, params: object = {}) => new Promise<Reply>((resolve) => {
      const id = msgId++; pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId: workerSession!, message: JSON.stringify({ id, method, params }) });
    });
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as {
        id?: number;
        result?: Reply;
        error?: Reply;
        method?: string;
        params: { args: { value?: unknown; description?: string }[] };
      };
      if (m.id && pending.has(m.id)) { pending.get(m.id)!(m.result ?? m.error ?? {}); pending.delete(m.id); }
      else if (m.method === 'Runtime.consoleAPICalled') console.log('[worker]', m.params.args.map((a) => String(a.value ?? a.description)).join(' '));
    });
    const attached = new Promise<void>((resolve) => cdp.on('Target.attachedToTarget', async (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type !== 'worker') return;
      workerSession = e.sessionId;
      await send('Runtime.enable');
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 500 });
      await send('Profiler.start');
      // HEAP_SAMPLING=1: where the worker allocates (sampled), written next to the CPU profile.
      if (process.env.HEAP_SAMPLING) await send('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
      await send('Runtime.runIfWaitingForDebugger');
      resolve();
    }));
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
    const base = rssByProcess();
    const cpuBase = cpuByProcess();
    const peak = new Map<string, number>();
    let peakSum = 0;
    const timer = setInterval(() => {
      const now = rssByProcess();
      let sum = 0;
      for (const [k, v] of now) {
        const added = v - (base.get(k) ?? 0);
        sum += added;
        peak.set(k, Math.max(peak.get(k) ?? -Infinity, added));
      }
      peakSum = Math.max(peakSum, sum);
    }, 50);
    const t0 = performance.now();
    let heapUsed = 0;
    let heapTotal = 0;
    const heapTimer = setInterval(() => {
      if (!workerSession) return;
      void send('Runtime.getHeapUsage').then((r) => {
        heapUsed = Math.max(heapUsed, r?.usedSize ?? 0);
        if (process.env.HEAP_TRACE) {
          const now = rssByProcess();
          let renderer = 0;
          let browser = 0;
          for (const [k, v] of now) {
            const added = v - (base.get(k) ?? 0);
            if (k.startsWith('renderer')) renderer += added;
            else browser += added;
          }
          void cdp.send('Runtime.getHeapUsage').then((page) =>
            console.log('rss', ((performance.now() - t0) / 1000).toFixed(1), 'renderer', (renderer / 1048576).toFixed(0), 'other', (browser / 1048576).toFixed(0), 'page heap', (page.totalSize / 1048576).toFixed(0)),
          );
        }
        if (process.env.HEAP_TRACE) console.log('heap', ((performance.now() - t0) / 1000).toFixed(1), ((r?.usedSize ?? 0) / 1048576).toFixed(0), ((r?.totalSize ?? 0) / 1048576).toFixed(0));
        heapTotal = Math.max(heapTotal, r?.totalSize ?? 0);
      });
    }, 1000);
    // CPU_TRACE=1: each second, the CPU seconds the browser process (which runs IndexedDB) and
    // the renderers used in it.
    let cpuLast = cpuByProcess();
    const cpuTimer = process.env.CPU_TRACE
      ? setInterval(() => {
          const now = cpuByProcess();
          const used = (prefix: string) =>
            [...now].filter(([k]) => k.startsWith(prefix)).reduce((sum, [k, v]) => sum + v - (cpuLast.get(k) ?? 0), 0);
          console.log('cpu', ((performance.now() - t0) / 1000).toFixed(0), 'browser', used('browser').toFixed(2), 'renderer', used('renderer').toFixed(2));
          cpuLast = now;
        }, 1000)
      : undefined;
    const verdictP = options.runImport(30 * 60_000);
    await attached;
    // Stop just before the verdict: poll for the commit.
    const verdict = await Promise.race([verdictP.then((v) => v)]);
    console.log('verdict', verdict, ((performance.now() - t0) / 1000).toFixed(2), 's');
    clearInterval(timer);
    clearInterval(heapTimer);
    clearInterval(cpuTimer);
    console.log('worker heap peak MB: used', (heapUsed / 1048576).toFixed(0), 'total', (heapTotal / 1048576).toFixed(0));
    console.log('peak added MB, summed:', (peakSum / 1048576).toFixed(0));
    const cpuEnd = cpuByProcess();
    const cpuUsed = [...cpuEnd].map(([k, v]) => [k, v - (cpuBase.get(k) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
    console.log('CPU seconds, summed:', cpuUsed.reduce((sum, [, v]) => sum + v, 0).toFixed(1));
    for (const [k, v] of cpuUsed.slice(0, 4)) console.log('  ', k, v.toFixed(1));
    for (const [k, v] of [...peak].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log('  ', k, (v / 1048576).toFixed(0));
    if (process.env.HEAP_SAMPLING) {
      const heap = (await send('HeapProfiler.stopSampling')) as { profile?: unknown };
      writeFileSync(out.replace(/\.cpuprofile$/, '') + '.heapprofile', JSON.stringify(heap.profile));
    }
    const stopped = await send('Profiler.stop');
    writeFileSync(out, JSON.stringify(stopped.profile));
  } finally { await context.close(); rmSync(dir, { recursive: true, force: true }); }
}
main();
