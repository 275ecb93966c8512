/**
 * Fixed data for the sidebar's state and component tests. Not imported by production code.
 */
import type { Outcome, Touchpoint } from '../model';
import type { LeadView } from '../model/view';
import type { Result } from '../messaging/result';
import type { ClickGuard, ClickVerdict } from './click-guard';
import type { InsightFns } from './insights';
import type { SidebarDeps } from './state';

export const NOW = Date.parse('2026-01-16T15:00:00Z');
export const EMAIL = 'dana@acme.example';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const iso = (ms: number) => new Date(ms).toISOString();
export const hoursAgo = (hours: number) => iso(NOW - hours * HOUR);

let sequence = 0;

export function touchpoint(overrides: Partial<Touchpoint> = {}): Touchpoint {
  sequence += 1;
  return {
    id: `tp-${sequence}`,
    leadEmail: EMAIL,
    occurredAt: hoursAgo(sequence),
    kind: 'page_view',
    title: `Page ${sequence}`,
    url: undefined,
    source: 'hubspot',
    ...overrides,
  };
}

export function outcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    leadEmail: EMAIL,
    kind: 'meeting_booked',
    createdAt: hoursAgo(2),
    by: 'Sam Seller',
    target: 'hubspot',
    attribution: { touches: [] },
    delivery: 'delivered',
    attempts: 1,
    ...overrides,
  };
}

export const TOUCHPOINTS: Touchpoint[] = [
  {
    id: 'tp-pricing-1',
    leadEmail: EMAIL,
    occurredAt: hoursAgo(3),
    kind: 'page_view',
    title: 'Pricing',
    url: 'https://acme.example/pricing',
    source: 'hubspot',
    campaign: { id: 'c-webinar', name: 'Q1 Webinar: Pipeline Analytics', channel: 'webinar' },
  },
  {
    id: 'tp-pricing-2',
    leadEmail: EMAIL,
    occurredAt: hoursAgo(27),
    kind: 'page_view',
    title: 'Pricing',
    url: 'https://acme.example/pricing',
    source: 'hubspot',
  },
  {
    id: 'tp-form',
    leadEmail: EMAIL,
    occurredAt: hoursAgo(30),
    kind: 'form_submit',
    title: 'Request a demo',
    url: undefined,
    detail: 'Team size: 50–200',
    source: 'hubspot',
    campaign: { id: 'c-webinar', name: 'Q1 Webinar: Pipeline Analytics', channel: 'webinar' },
  },
  {
    id: 'tp-open-bot',
    leadEmail: EMAIL,
    occurredAt: hoursAgo(50),
    kind: 'email_open',
    title: 'January newsletter',
    url: undefined,
    source: 'hubspot',
    machine: true,
    machineReason: 'Opened 2 s after delivery',
    campaign: { id: 'c-news', name: 'Newsletter', channel: 'email' },
  },
  {
    id: 'tp-webinar',
    leadEmail: EMAIL,
    occurredAt: iso(NOW - 20 * DAY),
    kind: 'webinar_attended',
    title: 'Pipeline Analytics live',
    url: undefined,
    source: 'hubspot',
    campaign: { id: 'c-webinar', name: 'Q1 Webinar: Pipeline Analytics', channel: 'webinar' },
  },
];

export function leadView(overrides: Partial<LeadView> = {}): LeadView {
  return {
    email: EMAIL,
    status: 'found',
    lead: {
      email: EMAIL,
      name: 'Dana Whitfield',
      title: 'VP Revenue Operations',
      company: 'Acme Analytics',
      lifecycleStage: 'marketingqualifiedlead',
      leadStatus: 'Open',
      score: 72,
      score30dAgo: 60,
      owner: 'Sam Seller',
      mqlAt: hoursAgo(5),
      source: 'Webinar',
      refs: [{ source: 'hubspot', id: '501', url: 'https://app.hubspot.com/contacts/1/record/0-1/501' }],
    },
    touchpoints: TOUCHPOINTS,
    sources: [{ source: 'hubspot', label: 'HubSpot', state: 'fresh', fetchedAt: iso(NOW - 3 * 60_000) }],
    outcomes: [],
    sample: false,
    colleaguesEngaged: 0,
    ...overrides,
  };
}

/** Deterministic insights that echo their input, so state tests do not depend on scoring rules. */
export const fakeInsights: InsightFns = {
  engagementScore: (list) => ({
    value: Math.min(100, list.length * 10),
    label: list.length > 4 ? 'hot' : list.length > 1 ? 'warm' : 'cold',
    parts: [],
    machineDiscounted: list.filter((t) => t.machine).length,
    explanation: [`${list.length} touches counted`],
  }),
  computeSignals: (list) =>
    list.some((t) => t.title === 'Pricing')
      ? [
          {
            id: 'pricing',
            text: `Visited pricing ${list.filter((t) => t.title === 'Pricing').length}× this week`,
            strength: 'high',
            touchpointIds: list.filter((t) => t.title === 'Pricing').map((t) => t.id),
          },
        ]
      : [],
  slaClock: ({ mqlAt, firstTouchAt, now, sla }) => {
    if (!mqlAt) return { kind: 'none' };
    const start = Date.parse(mqlAt);
    const due = start + sla.hours * HOUR;
    if (firstTouchAt) {
      const touched = Date.parse(firstTouchAt);
      return {
        kind: 'stopped',
        startedAt: mqlAt,
        dueAt: iso(due),
        touchedAt: firstTouchAt,
        withinSla: touched <= due,
        tookMs: touched - start,
      };
    }
    const current = now.getTime();
    return current < due
      ? {
          kind: 'running',
          startedAt: mqlAt,
          dueAt: iso(due),
          remainingMs: due - current,
          fraction: (current - start) / (due - start),
        }
      : { kind: 'overdue', startedAt: mqlAt, dueAt: iso(due), overdueMs: current - due };
  },
  byCampaign: (list) => {
    const map = new Map<string, { name: string; channel: string; times: number[] }>();
    for (const t of list) {
      if (!t.campaign) continue;
      const entry = map.get(t.campaign.id) ?? {
        name: t.campaign.name,
        channel: t.campaign.channel,
        times: [],
      };
      entry.times.push(Date.parse(t.occurredAt));
      map.set(t.campaign.id, entry);
    }
    return [...map.entries()].map(([campaignId, entry], index, all) => ({
      campaignId,
      name: entry.name,
      channel: entry.channel as 'email',
      touches: entry.times.length,
      firstAt: iso(Math.min(...entry.times)),
      lastAt: iso(Math.max(...entry.times)),
      isFirstTouch: index === all.length - 1,
      isLastTouch: index === 0,
    }));
  },
  activitySeries: (list, now, days) =>
    Array.from({ length: days }, (_, index) => {
      const day = iso(now.getTime() - (days - 1 - index) * DAY).slice(0, 10);
      return { day, count: list.filter((t) => t.occurredAt.slice(0, 10) === day).length };
    }),
};

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'unavailable', message },
});

/** Deps whose every callback succeeds at once; tests override the ones they exercise. */
export function testDeps(overrides: Partial<SidebarDeps> = {}): SidebarDeps {
  return {
    requestLead: async (email) => ok(leadView({ email, lead: { ...leadView().lead!, email } })),
    recordOutcome: async (draft) =>
      ok(
        outcome({
          id: '22222222-2222-4222-8222-222222222222',
          ...draft,
          createdAt: iso(NOW),
          delivery: 'pending',
          attempts: 0,
        }),
      ),
    undoOutcome: async () => ok({ undone: true }),
    retryOutcome: async (id) => ok(outcome({ id, delivery: 'pending' })),
    discardOutcome: async (id) => ok(outcome({ id, delivery: 'discarded' })),
    openOptions: () => undefined,
    useSampleWorkspace: async () => ok({ leads: 10, touchpoints: 500 }),
    findByName: async () => ok({ matches: [], searched: ['Local workspace'], failed: [] }),
    confirmName: async () => ok({}),
    forgetName: async () => ok({ forgotten: true }),
    setOpen: () => undefined,
    insights: fakeInsights,
    now: () => NOW,
    locale: 'en-US',
    timeZone: 'UTC',
    ...overrides,
  };
}

/**
 * A click guard that gives `verdict` to every recording click (`record`: the sidebar was seen;
 * the default, for tests that are not about clickjacking). Confirmations are ready at once
 * unless `confirmReady` is false (then the test calls `ready()`).
 */
export function testGuard(verdict: ClickVerdict = 'record', { confirmReady = true } = {}) {
  const waiting: (() => void)[] = [];
  const guard: ClickGuard & { ready(): void; watched: Element[] } = {
    mode: verdict === 'confirm' ? 'confirm' : 'visibility',
    check: () => verdict,
    confirmation(onReady) {
      if (confirmReady) onReady();
      else waiting.push(onReady);
      return () => {
        const index = waiting.indexOf(onReady);
        if (index >= 0) waiting.splice(index, 1);
      };
    },
    watched: [],
    personChanged: () => {},
    watch(element) {
      guard.watched.push(element);
      return () => guard.watched.splice(guard.watched.indexOf(element), 1);
    },
    dispose: () => {},
    ready: () => waiting.splice(0).forEach((onReady) => onReady()),
  };
  return guard;
}

/** A promise with its resolver outside, for ordering late answers in race tests. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
