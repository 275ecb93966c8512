/**
 * Browser benchmarks of the page's own scripting: Chromium against a heavy Gmail look-alike with
 * and without the built extension, measured in the same run, and whose script runs on the page's
 * main thread.
 */
import { median } from './stats';
import type { Frame, Page } from '@playwright/test';
import { demoMailbox, type DemoMailbox } from '../support/demo-data';
import { GMAIL_URL, serveGmail, type FixtureThread } from '../support/sites';
import { launch, sidebarFrame, type Figure } from './browser-support';

/** A heavy Gmail-like mailbox: the demo threads plus long threads with many recipients. */
function heavyMailbox(): DemoMailbox {
  const base = demoMailbox();
  const people = Array.from({ length: 120 }, (_, i) => ({ name: `List Member ${i}`, email: `member${i}@lists.example` }));
  const heavy: FixtureThread[] = Array.from({ length: 12 }, (_, t) => ({
    id: `FMfcgzQbfHeavyThread${String(t).padStart(4, '0')}`,
    subject: `Heavy thread ${t}`,
    messages: Array.from({ length: 40 }, (_, m) => ({
      from: m % 2 ? base.leads.hot : people[(t + m) % people.length]!,
      to: people.slice(0, 60),
      body: `Message ${m} `.repeat(200),
      collapsed: m < 30,
      snippet: `Message ${m}`,
    })),
  }));
  return { ...base, threads: [...base.threads, ...heavy] };
}
/** Opens every thread of `ids` in turn, `rounds` times, resting `waitMs` on each. */
async function openThreads(page: Page, ids: readonly string[], rounds: number, waitMs: number) {
  for (let round = 0; round < rounds; round++) {
    for (const id of ids) {
      await page.evaluate((id) => (location.hash = `#inbox/${id}`), id);
      await page.waitForTimeout(waitMs);
    }
  }
}

/**
 * The page's own scripting time (CDP Performance.getMetrics ScriptDuration, which counts every
 * script on the page's main thread, content scripts included) over a fixed workload: thread
 * navigations plus a stream of DOM mutations, with and without the extension.
 */
async function scriptingWorkload(withExtension: boolean, mailbox: DemoMailbox) {
  const { context, close } = await launch(withExtension);
  try {
    await serveGmail(context, mailbox);
    const page = await context.newPage();
    await page.goto(`${GMAIL_URL}#inbox`);
    const frame = withExtension ? await sidebarFrame(page) : null;
    // Warm-up: one pass so that the sample workspace is loaded before measuring.
    const threads = mailbox.threads.map((t) => t.id);
    await openThreads(page, threads, 1, 100);
    const metrics = async (target: Page | Frame) => {
      const cdp = await context.newCDPSession(target);
      await cdp.send('Performance.enable');
      return async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
        return { script: value('ScriptDuration'), thread: value('ThreadTime') };
      };
    };
    const pageMetrics = await metrics(page);
    // The sidebar's frame is another process (site isolation): its scripting is not the page's.
    const frameMetrics = frame ? await metrics(frame) : null;
    const frameScript = async () => (frameMetrics ? (await frameMetrics()).script : 0);
    const before = await pageMetrics();
    const frameBefore = await frameScript();
    const rounds = 3;
    await openThreads(page, threads, rounds, 120);
    const afterNav = await pageMetrics();
    const frameAfterNav = await frameScript();
    // Mutation stream inside the thread's region: 200 batches of 25 nodes each.
    const batches = 200;
    await page.evaluate(
      ({ batches }) =>
        new Promise<void>((resolve) => {
          const list = document.querySelector('div[role="main"] [role="list"]') ?? document.body;
          let n = 0;
          const step = () => {
            const frag = document.createDocumentFragment();
            for (let i = 0; i < 25; i++) {
              const div = document.createElement('div');
              div.className = 'a3s';
              div.textContent = `streamed text ${n}-${i} with an address noreply${i}@example.com`;
              frag.append(div);
            }
            list.append(frag);
            if (++n < batches) setTimeout(step, 4);
            else setTimeout(resolve, 300);
          };
          step();
        }),
      { batches },
    );
    const afterStream = await pageMetrics();
    return {
      navigation: (afterNav.script - before.script) * 1000,
      frameNavigation: (frameAfterNav - frameBefore) * 1000,
      thread: (afterNav.thread - before.thread) * 1000,
      stream: (afterStream.script - afterNav.script) * 1000,
      batches,
      navigations: rounds * threads.length,
    };
  } finally {
    await close();
  }
}

/** A CPU profile as CDP's `Profiler.stop` returns it (the parts read here). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * A profile's sampled time (ms) by owner: Loopline when the sample's stack passes through an
 * extension script (chrome-extension:// or moz-extension://), the page when it passes only
 * through the page's own (https://) scripts, other for the rest (idle, program, GC).
 */
export function splitProfile(profile: CpuProfile): { loopline: number; page: number; other: number } {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owner = new Map<number, 'loopline' | 'page' | 'other'>();
  const ownerOf = (id: number): 'loopline' | 'page' | 'other' => {
    const known = owner.get(id);
    if (known) return known;
    const url = byId.get(id)?.callFrame.url ?? '';
    const up = parent.get(id);
    const result = /-extension:\/\//.test(url)
      ? 'loopline'
      : up === undefined
        ? url.startsWith('https://')
          ? 'page'
          : 'other'
        : ownerOf(up) === 'other' && url.startsWith('https://')
          ? 'page'
          : ownerOf(up);
    owner.set(id, result);
    return result;
  };
  const totals = { loopline: 0, page: 0, other: 0 };
  (profile.samples ?? []).forEach((id, index) => {
    totals[ownerOf(id)] += (profile.timeDeltas?.[index] ?? 0) / 1000;
  });
  return totals;
}

/**
 * Whose script runs on the page's main thread, in one run (with Loopline, unless told): a CPU
 * profile of the same navigation workload, each sample given to Loopline when its stack passes through the
 * extension's content script, to the page when it passes only through the page's own scripts.
 * Unlike ScriptDuration (wall time, which moves by ±15–30 % between runs on a 2-core
 * machine), this splits one thread's time between the two in the same run.
 */
async function scriptingProfile(mailbox: DemoMailbox, withExtension = true) {
  const { context, close } = await launch(withExtension);
  try {
    await serveGmail(context, mailbox);
    const page = await context.newPage();
    await page.goto(`${GMAIL_URL}#inbox`);
    if (withExtension) await sidebarFrame(page);
    const threads = mailbox.threads.map((t) => t.id);
    await openThreads(page, threads, 1, 100);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const rounds = 2;
    await openThreads(page, threads, rounds, 120);
    const { profile } = await cdp.send('Profiler.stop');
    const totals = splitProfile(profile);
    return { ...totals, navigations: rounds * threads.length };
  } finally {
    await close();
  }
}

export async function pageScripting(): Promise<Figure[]> {
  const mailbox = heavyMailbox();
  // The figures move by ±15 % between runs on a loaded 2-core machine; five runs each, medians.
  const runs = 5;
  const without: { navigation: number; thread: number; stream: number }[] = [];
  const withExt: {
    navigation: number;
    frameNavigation: number;
    thread: number;
    stream: number;
    batches: number;
    navigations: number;
  }[] = [];
  for (let i = 0; i < runs; i++) {
    without.push(await scriptingWorkload(false, mailbox));
    withExt.push(await scriptingWorkload(true, mailbox));
  }
  // The page's own scripts, with and without Loopline loaded, alternately: what Loopline's
  // presence does to the page's own work (its observers, the narrower layout), Loopline's own
  // script left out.
  const ownWith: number[] = [];
  const ownWithout: number[] = [];
  let split = await scriptingProfile(mailbox);
  ownWith.push(split.page);
  for (let i = 0; i < 2; i++) {
    ownWithout.push((await scriptingProfile(mailbox, false)).page);
    const next = await scriptingProfile(mailbox);
    ownWith.push(next.page);
    if (i === 0) split = next;
  }
  ownWithout.push((await scriptingProfile(mailbox, false)).page);
  const nav0 = median(without.map((r) => r.navigation));
  const nav1 = median(withExt.map((r) => r.navigation));
  const s0 = median(without.map((r) => r.stream));
  const s1 = median(withExt.map((r) => r.stream));
  const batches = withExt[0]?.batches ?? 1;
  const navigations = withExt[0]?.navigations ?? 1;
  return [
    { name: 'page scripting, navigation workload, without Loopline', value: nav0, unit: 'ms', note: `median of ${runs}` },
    { name: 'page scripting, navigation workload, with Loopline', value: nav1, unit: 'ms', note: `median of ${runs}` },
    { name: 'page scripting ratio with/without (navigation)', value: nav1 / nav0, unit: '×', note: 'budget < 1.05' },
    {
      name: "Loopline's added page scripting per thread opened",
      value: (nav1 - nav0) / navigations,
      unit: 'ms',
      note: `${navigations} opens; the look-alike's own: ${(nav0 / navigations).toFixed(1)} ms`,
    },
    ...(() => {
      const t0 = median(without.map((r) => r.thread));
      const t1 = median(withExt.map((r) => r.thread));
      return [
        { name: 'page main-thread CPU, navigation workload, without Loopline', value: t0, unit: 'ms', note: 'ThreadTime: scripts, style, layout' },
        { name: 'page main-thread CPU, navigation workload, with Loopline', value: t1, unit: 'ms', note: 'the dock also narrows the page' },
        { name: 'page main-thread CPU ratio with/without (navigation)', value: t1 / t0, unit: '×' },
      ];
    })(),
    {
      name: "sidebar frame's own scripting per thread opened (its own process)",
      value: median(withExt.map((r) => r.frameNavigation)) / navigations,
      unit: 'ms',
      note: 'not on the page’s main thread',
    },
    {
      name: "CPU profile: Loopline's script on the page's main thread per thread opened",
      value: split.loopline / split.navigations,
      unit: 'ms',
      note: `the page's own: ${(split.page / split.navigations).toFixed(2)} ms (${split.navigations} opens, one run)`,
    },
    {
      name: 'CPU profile: page script with/without Loopline (same run, split by script)',
      value: (split.page + split.loopline) / split.page,
      unit: '×',
      note: 'budget < 1.05',
    },
    {
      name: "CPU profile: the page's own script with/without Loopline loaded (navigation)",
      value: median(ownWith) / median(ownWithout),
      unit: '×',
      note: `budget: within a few percent; stacks through the page's https:// scripts only, Loopline's left out; ${median(ownWith).toFixed(1)} / ${median(ownWithout).toFixed(1)} ms, medians of 3`,
    },
    { name: 'page scripting, mutation stream, without Loopline', value: s0, unit: 'ms' },
    { name: 'page scripting, mutation stream, with Loopline', value: s1, unit: 'ms' },
    { name: 'page scripting ratio with/without (mutation stream)', value: s1 / s0, unit: '×' },
    { name: 'observer cost per mutation batch (25 nodes)', value: Math.max(0, (s1 - s0) / batches), unit: 'ms' },
  ];
}

