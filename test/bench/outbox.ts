/**
 * The outbox's delivery throughput per platform: lib/outbox with the real HubSpot,
 * Marketo and Mailchimp connectors against the fake platform, in Node with fake-indexeddb
 * standing in for the browser's IndexedDB.
 *
 * 1,000 outcomes are enqueued together (a team's backlog coming back online), a third for each
 * platform, interleaved, with no undo window, and delivered the way the background does: the
 * outbox's own flush, woken by its schedule callback (an alarm in the extension, a timer here).
 * Every request is answered 80–150 ms later, and the fake enforces each vendor's documented
 * limits (DOCUMENTED_LIMITS): past them it answers as the vendor does (HubSpot 429, Marketo 606
 * or 615, Mailchimp 429). A second run has Marketo answer 606 once ("100 calls in 20 s"), which
 * pauses Marketo for 20 s; HubSpot's figures must not move.
 *
 * Time is simulated: a discrete-event clock drives the connectors' limiters and timeouts, the
 * fake's latency and the outbox's alarm, and jumps to the next timer whenever nothing else is
 * left to run (no pending setImmediate, which is what fake-indexeddb schedules its work with).
 * So a run of minutes takes seconds, the figures are the same on every run, and IndexedDB work
 * takes no simulated time: the figures are what the queues, limiters and platforms allow.
 */
import 'fake-indexeddb/auto';
import { createHubSpotConnector } from '../../lib/connectors/hubspot';
import { DOCUMENTED_LIMITS, PLATFORM_LIMITS } from '../../lib/connectors/limiter';
import { createMailchimpConnector } from '../../lib/connectors/mailchimp';
import { createMarketoConnector } from '../../lib/connectors/marketo';
import type { Connector } from '../../lib/connectors/types';
import type { Lead, Outcome } from '../../lib/model';
import { createOutbox, type QueuedOutcome } from '../../lib/outbox/outbox';
import { mulberry32 } from '../../lib/sample/prng';
import { openLooplineDB } from '../../lib/store/db';
import { createFakePlatform, type FakePlatform } from '../fake-platform';
import { fakeHubSpotSettings, fakeMailchimpSettings, fakeMarketoSettings } from '../fake-platform/settings';
import type { Figure } from './browser';
import {
  createSimulatedClock,
  LATENCY_MS,
  limitedFetch,
  perPlatform,
  PLATFORMS,
  type Platform,
} from './outbox-sim';

const OUTCOMES = 1_000;
const LEADS = 20;
/** The second run: the first Marketo call this long after the enqueue is answered with 606. */
const MARKETO_THROTTLE_AT_MS = 10_000;
/** Each platform must reach this share of what its documented limits allow. */
const MIN_SHARE = 0.8;
const START = Date.parse('2026-03-02T10:00:00.000Z');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface PlatformRun {
  outcomes: number;
  /** Enqueue → delivered, simulated ms, sorted. */
  latencies: number[];
  /** Simulated ms from the enqueue to this platform's last delivery. */
  spanMs: number;
  requests: number;
  meanLatencyMs: number;
  throttled: number;
}

interface RunResult {
  platforms: Record<Platform, PlatformRun>;
  simulatedMs: number;
  wallMs: number;
  marketoThrottledAt?: number;
}

/** Every outcome id written to the platform, once per outcome (the record each write makes). */
function writtenIds(platform: FakePlatform): Record<Platform, string[]> {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const ids = (records: readonly unknown[]) =>
    records.flatMap((r) => [...new Set(JSON.stringify(r).match(uuid))]);
  return {
    hubspot: ids(platform.writes.hubspot.notes),
    marketo: ids(platform.writes.marketo.activities),
    mailchimp: ids(platform.writes.mailchimp.events),
  };
}

async function deliveryRun(label: string, throttleMarketoAt?: number): Promise<RunResult> {
  const wallStart = performance.now();
  const clock = createSimulatedClock(START);
  const platform = createFakePlatform({ clock });
  const emails = Array.from({ length: LEADS }, (_, i) => `bench.lead${i + 1}@outbox-bench.example`);
  for (const email of emails)
    platform.addLead({ email, firstName: 'Bench', lastName: 'Lead', leadStatus: 'NEW' });
  const { fetch, traffic, marketoThrottle } = limitedFetch(platform, clock);
  const options = { fetch, clock, historyDays: 180 };
  const connectors: Record<Platform, Connector> = {
    hubspot: createHubSpotConnector({ ...options, settings: fakeHubSpotSettings(platform) }),
    marketo: createMarketoConnector({ ...options, settings: fakeMarketoSettings(platform) }),
    mailchimp: createMailchimpConnector({ ...options, settings: fakeMailchimpSettings(platform) }),
  };

  // The background delivers with the lead from its cache; look each one up once, untimed, and
  // then let a minute pass so that the lookups' requests are out of every platform's window.
  const leads = new Map<string, Lead>();
  let looked = false;
  void (async () => {
    for (const name of PLATFORMS) {
      for (const email of emails) {
        const lead = await connectors[name].lookup(email);
        if (!lead) throw new Error(`the fake ${name} does not know ${email}`);
        leads.set(`${name}|${email}`, lead);
      }
    }
  })().then(() => (looked = true));
  await clock.runUntil(() => looked);
  let rested = false;
  clock.setTimeout(() => (rested = true), 60_000);
  await clock.runUntil(() => rested);
  const before = perPlatform((p) => ({ ...traffic[p], starts: [] }));

  const db = await openLooplineDB(`loopline-bench-outbox-${label}-${Date.now()}`);
  const enqueuedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  const targetOf = new Map<string, Platform>();
  let failure: string | undefined;
  let cancelAlarm: (() => void) | undefined;
  const outbox = createOutbox({
    db,
    undoMs: 0,
    now: () => clock.now(),
    random: mulberry32(0x5eed),
    deliver(outcome: QueuedOutcome, { checkFirst }) {
      const name = outcome.target as Platform;
      return connectors[name].writeOutcome(leads.get(`${name}|${outcome.leadEmail}`)!, outcome, {
        checkFirst,
      });
    },
    // The alarm: wake the outbox when it asks.
    schedule(when) {
      cancelAlarm?.();
      cancelAlarm =
        when === null
          ? undefined
          : clock.setTimeout(() => void outbox.flush(), Math.max(0, when - clock.now()));
    },
    onChange(outcome) {
      if (outcome.delivery === 'delivered' && !deliveredAt.has(outcome.id))
        deliveredAt.set(outcome.id, clock.now());
      if (outcome.delivery === 'failed') failure ??= `${outcome.id}: ${outcome.lastError ?? 'failed'}`;
    },
  });

  const start = clock.now();
  if (throttleMarketoAt !== undefined) marketoThrottle.from = start + throttleMarketoAt;
  for (let i = 0; i < OUTCOMES; i++) {
    const target = PLATFORMS[i % PLATFORMS.length]!;
    const outcome: Outcome = {
      id: crypto.randomUUID(),
      leadEmail: emails[i % LEADS]!,
      kind: 'meeting_booked',
      label: 'Meeting booked',
      createdAt: new Date(start + i).toISOString(),
      by: 'Bench',
      target,
      attribution: { touches: [] },
      delivery: 'pending',
      attempts: 0,
    };
    enqueuedAt.set(outcome.id, clock.now());
    targetOf.set(outcome.id, target);
    await outbox.enqueue(outcome, [target]);
  }
  await clock.runUntil(() => deliveredAt.size === OUTCOMES || failure !== undefined);
  // Let the run that made the last delivery end (and re-arm nothing) before closing the database.
  await outbox.flush();
  cancelAlarm?.();
  db.close();
  if (failure) throw new Error(`outbox bench (${label}): an outcome failed (${failure})`);

  // None lost, none written twice: each outcome's id is in exactly one record on its platform.
  const written = writtenIds(platform);
  for (const name of PLATFORMS) {
    const expected = [...targetOf].filter(([, t]) => t === name).map(([id]) => id);
    const counts = new Map<string, number>();
    for (const id of written[name]) counts.set(id, (counts.get(id) ?? 0) + 1);
    const lost = expected.filter((id) => !counts.has(id));
    const twice = [...counts].filter(([, n]) => n > 1);
    if (lost.length > 0 || twice.length > 0 || counts.size !== expected.length)
      throw new Error(
        `outbox bench (${label}): ${name} has ${lost.length} lost, ${twice.length} duplicated, ${counts.size} written for ${expected.length}`,
      );
  }

  const platforms = perPlatform((name): PlatformRun => {
    const latencies = [...deliveredAt]
      .filter(([id]) => targetOf.get(id) === name)
      .map(([id, at]) => at - enqueuedAt.get(id)!)
      .sort((x, y) => x - y);
    const requests = traffic[name].requests - before[name].requests;
    return {
      outcomes: latencies.length,
      latencies,
      spanMs: latencies.at(-1)!,
      requests,
      meanLatencyMs: (traffic[name].latencyMs - before[name].latencyMs) / requests,
      throttled: traffic[name].throttled - before[name].throttled,
    };
  });
  return {
    platforms,
    simulatedMs: clock.now() - start,
    wallMs: performance.now() - wallStart,
    marketoThrottledAt: marketoThrottle.at === undefined ? undefined : marketoThrottle.at - start,
  };
}

/** What the platform's documented limits allow, in requests per second (given the latency). */
function requestCeiling(name: Platform, meanLatencyMs: number): { perSecond: number; text: string } {
  const limits = DOCUMENTED_LIMITS[name];
  const byRate = limits.perWindow !== undefined ? limits.perWindow / (limits.windowMs / 1000) : Infinity;
  const byConcurrency =
    limits.maxConcurrent !== undefined ? limits.maxConcurrent / (meanLatencyMs / 1000) : Infinity;
  const parts = [
    limits.perWindow !== undefined ? `${limits.perWindow} requests/${limits.windowMs / 1000} s` : undefined,
    limits.maxConcurrent !== undefined ? `${limits.maxConcurrent} concurrent` : undefined,
  ].filter(Boolean);
  const binding =
    byConcurrency < byRate
      ? ` (at ${meanLatencyMs.toFixed(0)} ms a request: ${byConcurrency.toFixed(0)} requests/s)`
      : '';
  return { perSecond: Math.min(byRate, byConcurrency), text: `${parts.join(', ')}${binding}` };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function outboxThroughput(): Promise<Figure[]> {
  process.stderr.write(
    '  outbox: simulated clock (discrete events); IndexedDB work takes no simulated time\n',
  );
  const steady = await deliveryRun('steady');
  const paused = await deliveryRun('marketo-pause', MARKETO_THROTTLE_AT_MS);

  const figures: Figure[] = [];
  const problems: string[] = [];
  for (const name of PLATFORMS) {
    const run = steady.platforms[name];
    const perOutcome = run.requests / run.outcomes;
    const ceiling = requestCeiling(name, run.meanLatencyMs);
    const outcomesPerSecond = run.outcomes / (run.spanMs / 1000);
    const share = (outcomesPerSecond * perOutcome) / ceiling.perSecond;
    if (share < MIN_SHARE)
      problems.push(
        `${name} reached ${(share * 100).toFixed(0)} % of its documented limit (< ${MIN_SHARE * 100} %)`,
      );
    if (run.throttled > 0)
      problems.push(`${name} was throttled ${run.throttled}× by the fake's documented limits`);
    const ours = PLATFORM_LIMITS[name];
    figures.push(
      {
        name: `outbox ${name}: ceiling`,
        value: ceiling.perSecond / perOutcome,
        unit: 'outcomes/s',
        note: `documented ${ceiling.text}; ${perOutcome.toFixed(2)} requests an outcome`,
      },
      {
        name: `outbox ${name}: throughput`,
        value: outcomesPerSecond,
        unit: 'outcomes/s',
        note:
          `${(share * 100).toFixed(0)} % of the ceiling; Loopline holds to ${ours.maxConcurrent} concurrent` +
          (Number.isFinite(ours.perWindow) ? `, ${ours.perWindow}/${ours.windowMs / 1000} s` : '') +
          `; ${run.outcomes} outcomes in ${seconds(run.spanMs)}, ${run.throttled} throttled answers`,
      },
      {
        name: `outbox ${name}: enqueue → delivered, p50`,
        value: percentile(run.latencies, 50),
        unit: 'ms',
        note: `all ${OUTCOMES} enqueued at once; includes waiting for the platform's limits`,
      },
      { name: `outbox ${name}: enqueue → delivered, p95`, value: percentile(run.latencies, 95), unit: 'ms' },
    );
  }

  const at = paused.marketoThrottledAt;
  if (at === undefined) problems.push('the second run never had Marketo answer 606');
  const pausedNote = `Marketo answered 606 once at ${seconds(at ?? Number.NaN)} (a 20 s pause)`;
  for (const name of PLATFORMS) {
    const run = paused.platforms[name];
    const p95 = percentile(run.latencies, 95);
    const before = percentile(steady.platforms[name].latencies, 95);
    if (name !== 'marketo' && p95 !== before)
      problems.push(`${name}'s p95 moved from ${before} ms to ${p95} ms when Marketo paused`);
    figures.push({
      name: `outbox ${name}, Marketo paused: p95`,
      value: p95,
      unit: 'ms',
      note:
        `${pausedNote}; without the pause ${before} ms (${p95 === before ? 'unchanged' : `${p95 > before ? '+' : ''}${p95 - before} ms`})` +
        (name === 'marketo'
          ? `; ${(run.outcomes / (run.spanMs / 1000)).toFixed(2)} outcomes/s, last delivered at ${seconds(run.spanMs)}`
          : ''),
    });
  }

  figures.push({
    name: 'outbox: lost / duplicated',
    value: 0,
    unit: 'outcomes',
    note: `${OUTCOMES} outcomes in each run, each id found in exactly one write on its platform`,
  });
  figures.push({
    name: 'outbox: wall time for both runs',
    value: (steady.wallMs + paused.wallMs) / 1000,
    unit: 's',
    note:
      `simulated clock: ${seconds(steady.simulatedMs)} + ${seconds(paused.simulatedMs)} of simulated time; ` +
      `latency ${LATENCY_MS.min}–${LATENCY_MS.max} ms a request; IndexedDB (fake-indexeddb) work takes no simulated time`,
  });
  if (problems.length > 0) {
    for (const f of figures)
      process.stderr.write(`  ${f.name}: ${f.value.toFixed(2)} ${f.unit}  ${f.note ?? ''}\n`);
    throw new Error(`outbox bench: ${problems.join('; ')}`);
  }
  return figures;
}
