/**
 * Data benchmarks, all in Chromium with the production build against the browser's
 * real IndexedDB:
 * - cache hit: `lead.get` from an extension page to the background and back, for a lead whose
 *   HubSpot data is cached (the sidebar's path: same message, same handler);
 * - a lead's history in a local workspace of 1,000,000 touchpoints: one range read of the
 *   lead's chunks and the filter by time alone, and the whole `lead.get` for such a lead;
 * - import throughput: a synthetic Loopline CSV imported through the options page's Data
 *   section, from the click on Import to the page's verdict (both as the page saw them).
 * Speed is reported here, never asserted; what is asserted is that each figure measured what
 * it says (cache hits made no platform request, queries found the lead's rows, …).
 */
import { median, p90 } from './stats';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { leadBlockRecords } from '../../lib/store/lead-blocks';
import { syntheticCsv } from '../../lib/workspace/synthetic';
import { runTimedImport } from './import';
import { OptionsPage } from '../e2e/pages/options';
import { createFakePlatform, routeToPlaywright, SEED_EMAILS } from '../fake-platform';
import { fakeSettings } from '../fake-platform/settings';
import { extensionArgs, findChromium } from '../support/chromium';
import { saveSettingsWithAccess } from '../support/extension';
import type { Figure } from './browser';

/** The production build (`npm run build`), as users get it. */
const EXTENSION = path.resolve(import.meta.dirname, '..', '..', '.output', 'chrome-mv3');
const DAY_MS = 86_400_000;

export const ROUND_TRIPS = 50;
export const WORKSPACE_TOUCHPOINTS = 1_000_000;
export const WORKSPACE_LEADS = 20_000;
export const HISTORY_QUERIES = 20;
export const IMPORT_ROWS = 100_000;

interface Launched {
  context: BrowserContext;
  extensionId: string;
  close: () => Promise<void>;
}

async function launch(): Promise<Launched> {
  // Lets context.route() see the service worker's fetches (the fake platform), as in e2e.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS ??= '1';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loopline-bench-data-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: await findChromium(),
    headless: true,
    args: extensionArgs(EXTENSION),
    viewport: { width: 1400, height: 900 },
  });
  // tsx compiles page.evaluate callbacks with esbuild's keepNames, which calls __name().
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  const isExtension = (w: Worker) => w.url().startsWith('chrome-extension://');
  const worker =
    context.serviceWorkers().find(isExtension) ??
    (await context.waitForEvent('serviceworker', { predicate: isExtension }));
  return {
    context,
    extensionId: new URL(worker.url()).host,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openExtensionPage(launched: Launched, file: string): Promise<Page> {
  const page = await launched.context.newPage();
  await page.goto(`chrome-extension://${launched.extensionId}/${file}`);
  return page;
}

/** What an extension page's `chrome` global offers here (the build runs in Chromium). */
interface ChromeGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { message?: string };
}

/** One message from an extension page to the background; throws on an error reply. */
async function send(page: Page, type: string, payload?: unknown): Promise<unknown> {
  const reply = (await page.evaluate(
    ({ type, payload }) =>
      (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type, payload }),
    { type, payload },
  )) as Reply;
  if (!reply?.ok) throw new Error(`"${type}" failed: ${reply?.error?.message ?? JSON.stringify(reply)}`);
  return reply.value;
}

/** Times `lead.get` for each address in turn, in the page; every reply must find the lead. */
async function timeLeadGets(page: Page, emails: string[]): Promise<number[]> {
  return page.evaluate(async (emails) => {
    const runtime = (globalThis as unknown as ChromeGlobal).chrome.runtime;
    const times: number[] = [];
    for (const email of emails) {
      const start = performance.now();
      const reply = (await runtime.sendMessage({ type: 'lead.get', payload: { email } })) as {
        ok: boolean;
        value?: { status?: string };
      };
      times.push(performance.now() - start);
      if (!reply.ok || reply.value?.status !== 'found') {
        throw new Error(`lead.get ${email} did not find the lead: ${JSON.stringify(reply).slice(0, 300)}`);
      }
    }
    return times;
  }, emails);
}


/** Cache hit: `lead.get` for a lead whose HubSpot answer is cached and within its TTL. */
export async function cacheHitRoundTrip(): Promise<Figure[]> {
  const launched = await launch();
  try {
    const platform = createFakePlatform();
    await routeToPlaywright(launched.context, platform);
    const page = await openExtensionPage(launched, 'options.html');
    const settings = fakeSettings(platform);
    for (const source of ['marketo', 'mailchimp', 'rest'] as const) settings.sources[source].enabled = false;
    // HubSpot's API host allowed under Site access, then asked for, as switching it on in Options does.
    await saveSettingsWithAccess(page, settings);

    // First ask fetches from the platform (and loads the sample workspace); not measured.
    const email = SEED_EMAILS.mql;
    await timeLeadGets(page, [email]);
    await timeLeadGets(page, Array.from({ length: 5 }, () => email));
    const requestsBefore = platform.requests.length;
    const samples = await timeLeadGets(page, Array.from({ length: ROUND_TRIPS }, () => email));
    if (platform.requests.length !== requestsBefore) {
      throw new Error(`cache hits reached the platform (${platform.requests.length - requestsBefore} requests)`);
    }
    const note = `extension page → background → reply (the sidebar's path); HubSpot lead cached, local workspace on; ${samples.length} calls`;
    return [
      { name: 'cache-hit round trip lead.get, median', value: median(samples), unit: 'ms', note },
      { name: 'cache-hit round trip lead.get, p90', value: p90(samples), unit: 'ms' },
    ];
  } finally {
    await launched.close();
  }
}

interface FillPlan {
  from: number;
  to: number;
  leads: number;
  /** Epoch ms the synthetic history ends at. */
  end: number;
}

/**
 * Writes touchpoints `from`…`to` straight into the extension's IndexedDB in the imported
 * workspace, laid out as lib/store/touchpoints.ts lays them out: one chunk per lead and batch,
 * keyed `[slot, leadEmail, seq]`, and the workspace's count in `meta`. Lead `i % leads` owns
 * touchpoint `i`, so each lead's history is spread over many batches, as after many imports;
 * times spread over the year before `end`.
 */
async function fillTouchpoints(page: Page, plan: FillPlan): Promise<void> {
  await page.evaluate(async ({ from, to, leads, end }) => {
    const g = globalThis as unknown as { __looplineBenchDb?: IDBDatabase };
    const db = (g.__looplineBenchDb ??= await new Promise<IDBDatabase>((resolve, reject) => {
      // No version: the background created the schema; an upgrade here would mean it did not.
      const request = indexedDB.open('loopline');
      request.onupgradeneeded = () => request.transaction?.abort();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('the loopline database does not exist yet'));
    }));
    const kinds = ['email_sent', 'email_open', 'email_click', 'page_view', 'form_submit', 'webinar_registered'];
    const campaigns = [
      { id: 'cmp-webinar', name: 'Q1 Product Webinar', channel: 'webinar' },
      { id: 'cmp-news', name: 'Monthly Newsletter', channel: 'email' },
      { id: 'cmp-ebook', name: 'Pricing Guide eBook', channel: 'content' },
    ];
    const byLead = new Map<string, { occurredAt: string }[]>();
    for (let i = from; i < to; i++) {
      const lead = i % leads;
      const kind = kinds[i % kinds.length]!;
      const leadEmail = `lead${lead}@company${lead % 500}.example`;
      const touchpoint = {
        id: `bench-${i}`,
        leadEmail,
        occurredAt: new Date(end - ((i * 7919) % (365 * 86_400)) * 1000).toISOString(),
        kind,
        title: kind === 'page_view' ? `Visited /pricing?v=${i % 13}` : `${kind.replace('_', ' ')} #${i % 101}`,
        source: 'local',
        ...(kind === 'page_view' ? {} : { campaign: campaigns[i % campaigns.length] }),
      };
      const list = byLead.get(leadEmail);
      if (list) list.push(touchpoint);
      else byLead.set(leadEmail, [touchpoint]);
    }
    await new Promise<void>((resolve, reject) => {
      // Relaxed durability only speeds up filling; the measured reads are unaffected.
      const tx = db.transaction(['touchpoints', 'meta'], 'readwrite', { durability: 'relaxed' });
      const store = tx.objectStore('touchpoints');
      for (const [leadEmail, items] of byLead) {
        const last = items.reduce((max, t) => (t.occurredAt > max ? t.occurredAt : max), '');
        // Each batch starts at a different `from`: a seq no other batch of this lead uses.
        store.put({ slot: 'imported', leadEmail, seq: from, last, items });
      }
      tx.objectStore('meta').put({ slot: 'imported', count: to }, 'touchpoints:imported');
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('fill transaction aborted'));
    });
  }, plan);
}

/**
 * Each lead's latest touchpoint time among the `touchpoints` fillTouchpoints writes (dated there
 * as here), which the company records keep as an import's commit keeps them.
 */
function latestFilled(touchpoints: number, leads: number, end: number): Map<string, string> {
  const latest = new Map<string, number>();
  for (let i = 0; i < touchpoints; i++) {
    const email = `lead${i % leads}@company${(i % leads) % 500}.example`;
    const at = end - ((i * 7919) % (365 * 86_400)) * 1000;
    if (at > (latest.get(email) ?? -Infinity)) latest.set(email, at);
  }
  return new Map([...latest].map(([email, at]) => [email, new Date(at).toISOString()]));
}

/** The leads, as lib/store/lead-blocks.ts lays them out in the slot fillTouchpoints wrote. */
async function fillLeads(page: Page, leads: number, latest: ReadonlyMap<string, string>): Promise<void> {
  const { records, layout } = leadBlockRecords(
    'imported',
    Array.from({ length: leads }, (_, lead) => ({
      email: `lead${lead}@company${lead % 500}.example`,
      name: `Bench Lead ${lead}`,
      company: `Company ${lead % 500}`,
      lifecycleStage: 'lead',
      refs: [],
    })),
    latest,
  );
  await page.evaluate(
    async ({ records, layout }) => {
      const db = (globalThis as unknown as { __looplineBenchDb: IDBDatabase }).__looplineBenchDb;
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['leadBlocks', 'meta'], 'readwrite', { durability: 'relaxed' });
        const store = tx.objectStore('leadBlocks');
        for (const record of records) store.put(record);
        const meta = tx.objectStore('meta');
        const state = meta.get('touchpoints:imported');
        state.onsuccess = () => meta.put({ ...state.result, ...layout }, 'touchpoints:imported');
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error ?? new Error('lead transaction aborted'));
      });
    },
    { records, layout },
  );
}

/** Times the read of one lead's chunks and the filter by time, as lib/store/touchpoints.ts runs it. */
async function timeHistoryQueries(page: Page, emails: string[], since: string) {
  return page.evaluate(
    async ({ emails, since }) => {
      const db = (globalThis as unknown as { __looplineBenchDb: IDBDatabase }).__looplineBenchDb;
      const times: number[] = [];
      const counts: number[] = [];
      for (const email of emails) {
        const start = performance.now();
        const chunks = await new Promise<{ items: { occurredAt: string }[] }[]>((resolve, reject) => {
          const request = db
            .transaction('touchpoints', 'readonly')
            .objectStore('touchpoints')
            .getAll(IDBKeyRange.bound(['imported', email], ['imported', email, []]));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const rows = chunks
          .flatMap((chunk) => chunk.items.filter((t) => t.occurredAt >= since))
          .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
        times.push(performance.now() - start);
        counts.push(rows.length);
      }
      return { times, counts };
    },
    { emails, since },
  );
}

/** A lead's history in a local workspace of 1,000,000 touchpoints over 20,000 leads. */
export async function historyAtScale(touchpoints = WORKSPACE_TOUCHPOINTS): Promise<Figure[]> {
  const launched = await launch();
  try {
    const page = await openExtensionPage(launched, 'options.html');
    // The background creates the database and its schema on first use.
    await send(page, 'workspace.stats');
    const end = Date.now();
    const batch = 20_000;
    const fillStart = performance.now();
    for (let from = 0; from < touchpoints; from += batch) {
      await fillTouchpoints(page, { from, to: Math.min(touchpoints, from + batch), leads: WORKSPACE_LEADS, end });
    }
    await fillLeads(page, WORKSPACE_LEADS, latestFilled(touchpoints, WORKSPACE_LEADS, end));
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const stats = (await send(page, 'workspace.stats')) as { touchpoints: number };
    if (stats.touchpoints < touchpoints) {
      throw new Error(`the workspace holds ${stats.touchpoints} touchpoints, not ${touchpoints}`);
    }

    // Leads spread over the whole range; the window is the default 180-day history.
    const emails = Array.from({ length: HISTORY_QUERIES }, (_, i) => {
      const lead = Math.floor(((i + 0.5) * WORKSPACE_LEADS) / HISTORY_QUERIES);
      return `lead${lead}@company${lead % 500}.example`;
    });
    const since = new Date(end - 180 * DAY_MS).toISOString();
    const { times, counts } = await timeHistoryQueries(page, emails, since);
    // A small test workspace may leave a lead without rows in the window; none at all is a bug.
    if (counts.every((count) => count === 0)) throw new Error('the history queries found nothing');

    // The whole lead.get for such a lead: local workspace lead, history, colleagues, outcomes.
    await timeLeadGets(page, [emails[0]!]);
    const leadGets = await timeLeadGets(page, emails);

    const rowsPerLead = Math.round(median(counts));
    const scale = touchpoints >= 1_000_000 ? `${touchpoints / 1_000_000}M` : touchpoints.toLocaleString('en-US');
    return [
      {
        name: `history query, one lead in ${touchpoints.toLocaleString('en-US')} touchpoints, median`,
        value: median(times),
        unit: 'ms',
        note: `one key range of the lead's chunks, filtered to 180 days (~${rowsPerLead} rows); ${HISTORY_QUERIES} leads of ${WORKSPACE_LEADS.toLocaleString('en-US')}; Chromium IndexedDB`,
      },
      { name: `history query at ${scale} touchpoints, p90`, value: p90(times), unit: 'ms' },
      {
        name: `lead.get for a local lead at ${scale} touchpoints, median`,
        value: median(leadGets),
        unit: 'ms',
        note: `extension page → background → reply; ${leadGets.length} leads`,
      },
      {
        name: 'workspace fill, raw IndexedDB puts',
        value: touchpoints / fillSeconds,
        unit: 'rows/s',
        note: `setup, not a product path: ${batch.toLocaleString('en-US')} per transaction, ${fillSeconds.toFixed(0)} s`,
      },
    ];
  } finally {
    await launched.close();
  }
}

/** A synthetic Loopline CSV imported through the options page, as a user would. */
export async function importThroughput(rows = IMPORT_ROWS): Promise<Figure[]> {
  const launched = await launch();
  try {
    const csv = Buffer.from(syntheticCsv(rows, 7));
    const options = await OptionsPage.open((file) => openExtensionPage(launched, file), 'data');
    await options.chooseImportFile({ name: 'synthetic.csv', mimeType: 'text/csv', buffer: csv });
    const { verdict, seconds } = await runTimedImport(options, 10 * 60_000);
    const imported = /Imported ([\d,]+) leads, ([\d,]+) activities .* from ([\d,]+) rows/.exec(verdict);
    if (!imported) throw new Error(`the import did not succeed: ${verdict}`);
    const count = (text: string) => Number(text.replaceAll(',', ''));
    const readRows = count(imported[3]!);
    if (readRows !== rows) throw new Error(`imported ${readRows} rows of ${rows}`);
    return [
      {
        name: 'CSV import throughput (options page, Chromium IndexedDB)',
        value: readRows / seconds,
        unit: 'rows/s',
        note: `${rows.toLocaleString('en-US')} rows (${(csv.length / 1_048_576).toFixed(1)} MiB), ${count(imported[2]!).toLocaleString('en-US')} touchpoints, ${count(imported[1]!).toLocaleString('en-US')} leads; the page's click → verdict shown`,
      },
      { name: 'CSV import time', value: seconds, unit: 's', note: `${rows.toLocaleString('en-US')} rows` },
    ];
  } finally {
    await launched.close();
  }
}

export async function dataBenchmarks(): Promise<Figure[]> {
  return [...(await cacheHitRoundTrip()), ...(await historyAtScale()), ...(await importThroughput())];
}
