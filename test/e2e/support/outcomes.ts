/**
 * Helpers for the closed-loop outcome tests: a lead the fake platform knows in a Gmail
 * thread, settings that point exactly one source at the fake, routing with a hook to hold an
 * answer or inject a fault per request, recording an outcome from the sidebar's frame (the only
 * sender the background takes one from), and counting what the fake platform recorded for an
 * outcome id.
 */
import type { BrowserContext, Page, Route } from '@playwright/test';
import type { Outcome } from '../../../lib/model';
import type { Settings } from '../../../lib/settings/schema';
import {
  FAKE_HOST_PATTERNS,
  fulfillFromPlatform,
  type FakeHost,
  type FakeLead,
  type FakePlatform,
  type FakeRequest,
  type FaultSpec,
} from '../../fake-platform';
import { fakeSettings } from '../../fake-platform/settings';
import { sendFromPage, type Reply } from '../../support/extension';
import type { GmailData, Person } from '../../support/sites';
import type { SidebarPage } from '../pages/sidebar';

export { sendFromPage };

export const ACCOUNT: Person = { name: 'Sam Rivera', email: 'sam.rivera@tidemark.example' };
/** Gmail's opaque thread id form (16+ characters). */
export const THREAD_ID = 'FMfcgzQbfOutcomeLead0006';

/** The campaign that touched every outcome lead: the write-backs name it as attributed. */
export const WEBINAR = { id: 'cmp-webinar-q1', name: 'Q1 Automation Webinar', channel: 'webinar' as const };

/** A fresh MQL the fake knows (on every platform unless `platforms` says otherwise). */
export function outcomeLead(email: string, extra: Partial<FakeLead> = {}): FakeLead {
  const local = email.split('@')[0] ?? email;
  const [first = 'Lead', last = 'Person'] = local
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1));
  return {
    email,
    firstName: first,
    lastName: last,
    company: 'Northwind Labs',
    title: 'Head of Operations',
    lifecycleStage: 'marketingqualifiedlead',
    leadStatus: 'NEW',
    score: 64,
    mqlDaysAgo: 1,
    createdDaysAgo: 40,
    touches: [
      { kind: 'email_sent', daysAgo: 10, campaign: WEBINAR, title: 'Join our Q1 automation webinar' },
      // A day after the send: a click within seconds of it would look like a link scanner.
      {
        kind: 'email_click',
        daysAgo: 9,
        campaign: WEBINAR,
        title: 'Join our Q1 automation webinar',
        url: 'https://www.loopline-demo.example/webinar/q1',
      },
      { kind: 'webinar_registered', daysAgo: 9, campaign: WEBINAR, title: 'Q1 Automation Webinar' },
      { kind: 'webinar_attended', daysAgo: 7, campaign: WEBINAR, title: 'Q1 Automation Webinar' },
      { kind: 'page_view', daysAgo: 2, title: 'Pricing', url: 'https://www.loopline-demo.example/pricing' },
    ],
    ...extra,
  };
}

export function personOf(lead: FakeLead): Person {
  return { name: [lead.firstName, lead.lastName].filter(Boolean).join(' '), email: lead.email };
}

/**
 * The Gmail look-alike's mailbox: one thread from the lead to the salesperson, with `others`
 * among its recipients (every one of them is on the page, so the sidebar may act on them).
 */
export function mailboxFrom(lead: Person, others: Person[] = []): GmailData {
  return {
    account: ACCOUNT.email,
    threads: [
      {
        id: THREAD_ID,
        subject: 'Next steps after the webinar',
        date: '10:42',
        messages: [
          {
            from: lead,
            to: [ACCOUNT, ...others],
            body: `Hi Sam,\n\nCan we talk on Thursday?\n\n${lead.name}`,
          },
        ],
      },
    ],
  };
}

/**
 * Settings with the given remote sources (all four when absent) pointed at the fake and the
 * local workspace off, so that the outcome's target is the platform under test and no sample
 * workspace is built.
 */
export function settingsFor(platform: FakePlatform, only?: FakeHost[]): Settings {
  const settings = fakeSettings(platform);
  for (const source of ['hubspot', 'marketo', 'mailchimp', 'rest'] as const) {
    settings.sources[source].enabled = !only || only.includes(source);
  }
  settings.sources.local.enabled = false;
  settings.you.name = ACCOUNT.name;
  settings.you.ownAddresses = [ACCOUNT.email];
  settings.onboarded = true;
  return settings;
}

export interface RequestInfo {
  method: string;
  host: string;
  path: string;
}

/** A fault for one request; the routing fills in host, path, method and `times: 1`. */
export type FaultKind = FaultSpec extends infer F
  ? F extends unknown
    ? Omit<F, 'host' | 'path' | 'method' | 'times'>
    : never
  : never;

export interface Hold {
  /** Settles when the matching request has been handled by the fake (its write recorded). */
  readonly arrived: Promise<RequestInfo>;
  /** Lets the held answer go (to a worker that may no longer be there to read it). */
  release(): void;
}

export interface FakeRouting {
  /**
   * Holds the answer to the next request that matches, after the fake has handled it: the
   * platform has the write, the client does not know yet.
   */
  holdAnswer(match: (request: RequestInfo) => boolean): Hold;
  /** Picks a fault (or none) for every request from now on; `undefined` stops picking. */
  pickFaults(pick: ((request: RequestInfo) => FaultKind | undefined) | undefined): void;
  /** Routing failures, e.g. answering a request whose worker was stopped (expected there). */
  readonly errors: string[];
  unroute(): Promise<void>;
}

function exactPath(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Like routeToPlaywright, with a hook around the fake's handler. The hook runs in the same
 * synchronous stretch as the fake's fault lookup, so a fault registered for a request applies to
 * exactly that request.
 */
export async function routeFake(context: BrowserContext, platform: FakePlatform): Promise<FakeRouting> {
  const holds: Array<{
    match: (r: RequestInfo) => boolean;
    taken: boolean;
    arrive: (r: RequestInfo) => void;
    released: Promise<void>;
  }> = [];
  let picker: ((request: RequestInfo) => FaultKind | undefined) | undefined;
  const errors: string[] = [];

  const hooked: FakePlatform = Object.create(platform, {
    handle: {
      value: async (request: FakeRequest) => {
        const url = new URL(request.url);
        const info: RequestInfo = {
          method: request.method.toUpperCase(),
          host: url.host,
          path: url.pathname,
        };
        const fault = picker?.(info);
        if (fault) {
          platform.fault({
            ...fault,
            host: info.host,
            path: exactPath(info.path),
            method: info.method,
            times: 1,
          } as FaultSpec);
        }
        const response = await platform.handle(request);
        const hold = holds.find((h) => !h.taken && h.match(info));
        if (hold) {
          hold.taken = true;
          hold.arrive(info);
          await hold.released;
        }
        return response;
      },
    },
  });

  const handler = async (route: Route) => {
    try {
      await fulfillFromPlatform(route, hooked);
    } catch (error) {
      // The requesting worker may be gone (stopped, or the browser closed): nothing to answer.
      errors.push(
        `${route.request().method()} ${route.request().url()}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  for (const pattern of FAKE_HOST_PATTERNS) await context.route(pattern, handler);

  return {
    holdAnswer(match) {
      let arrive!: (r: RequestInfo) => void;
      let release!: () => void;
      const arrived = new Promise<RequestInfo>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ match, taken: false, arrive, released });
      return { arrived, release };
    },
    pickFaults(pick) {
      picker = pick;
    },
    errors,
    async unroute() {
      for (const pattern of FAKE_HOST_PATTERNS) await context.unroute(pattern, handler).catch(() => {});
    },
  };
}

export type WorkerStatus = 'stopped' | 'starting' | 'running' | 'stopping';

export interface WorkerWatch {
  /** Every running status the extension's worker went through since watching began. */
  statuses(): WorkerStatus[];
  /** Settles once the worker has been in `status` (now or earlier since watching began). */
  reached(status: WorkerStatus): Promise<void>;
  detach(): Promise<void>;
}

/**
 * Follows the extension service worker's running status through the DevTools protocol.
 * Playwright's Worker object is no help here: it emits no 'close' when Chrome stops an extension
 * worker, and evaluating in a stopped one can hang.
 */
export async function watchExtensionWorker(page: Page): Promise<WorkerWatch> {
  const cdp = await page.context().newCDPSession(page);
  const seen: WorkerStatus[] = [];
  const waiters: Array<{ status: WorkerStatus; resolve: () => void }> = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (!version.scriptURL.startsWith('chrome-extension://')) continue;
      const status = version.runningStatus as WorkerStatus;
      if (seen.at(-1) !== status) seen.push(status);
      for (const waiter of waiters.filter((w) => w.status === status)) waiter.resolve();
    }
  });
  await cdp.send('ServiceWorker.enable');
  return {
    statuses: () => [...seen],
    reached: (status) =>
      seen.includes(status)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ status, resolve })),
    detach: () => cdp.detach().catch(() => {}),
  };
}

/**
 * Records an outcome the way the sidebar's buttons do: `outcome.record` from the sidebar's frame,
 * which the background accepts only for a person its tab's page shows (so the lead's thread must
 * be open in that tab).
 */
export async function recordOutcome(
  sidebar: SidebarPage,
  draft: { leadEmail: string; kind: string; note?: string },
): Promise<Outcome> {
  const frame = await sidebar.frame();
  const reply = (await frame.evaluate((message) => chrome.runtime.sendMessage(message), {
    type: 'outcome.record',
    payload: draft,
  })) as Reply<Outcome> | undefined;
  if (!reply) throw new Error('"outcome.record": no answer from the background');
  if (!reply.ok) throw new Error(`"outcome.record" failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/** The extension's alarms, read from an extension page (which does not wake the worker). */
export async function alarmNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await chrome.alarms.getAll()).map((alarm) => alarm.name));
}

/** The local outcome log (every outcome with its delivery state and receipt). */
export function outcomeLog(page: Page): Promise<Outcome[]> {
  return sendFromPage<Outcome[]>(page, 'outcomes.list', {});
}

/** What the fake recorded that carries this outcome id, per kind of write. */
export function writesCarrying(platform: FakePlatform, id: string) {
  const { hubspot, marketo, mailchimp, rest } = platform.writes;
  return {
    hubspotNotes: hubspot.notes.filter((n) => n.properties.hs_note_body?.includes(id)).length,
    marketoActivities: marketo.activities.filter(
      (a) => a.primaryAttributeValue === id || a.attributes.some((attribute) => attribute.value === id),
    ).length,
    mailchimpNotes: mailchimp.notes.filter((n) => n.note.includes(id)).length,
    mailchimpEvents: mailchimp.events.filter((e) => e.properties.outcome_id === id).length,
    restOutcomes: rest.outcomes.filter((o) => o.key === id).length,
  };
}

/** A small seeded PRNG: the same seed gives the same fault odds and latencies. */
export { mulberry32 as seededRandom } from '../../../lib/sample/prng';
