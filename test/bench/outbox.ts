/**
 * The outbox's delivery throughput (issue 6): lib/outbox with the real HubSpot connector against
 * the fake platform, every request answered 80–150 ms later (the fake's latency fault), in Node
 * with fake-indexeddb standing in for the browser's IndexedDB.
 *
 * 200 outcomes are enqueued together (a burst, e.g. a team's backlog coming back online) with no
 * undo window, and delivered the way the background does: the outbox's own flush, woken by its
 * schedule callback (an alarm in the extension, a timer here). Delivery is one outcome at a time,
 * so the enqueue → delivered times include waiting behind the earlier ones.
 */
import 'fake-indexeddb/auto';
import { createHubSpotConnector } from '../../lib/connectors/hubspot';
import type { Lead, Outcome } from '../../lib/model';
import { createOutbox, type QueuedOutcome } from '../../lib/outbox/outbox';
import { openLooplineDB } from '../../lib/store/db';
import { seededRandom } from '../e2e/support/outcomes';
import { asFetch, createFakePlatform } from '../fake-platform';
import { fakeHubSpotSettings } from '../fake-platform/settings';
import type { Figure } from './browser';

const OUTCOMES = 200;
const LEADS = 20;
const LATENCY_MS = { min: 80, max: 150 };
/** Seeded, so that two runs see the same latencies. */
const SEED = 0x0b0c;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function outboxThroughput(): Promise<Figure[]> {
  const platform = createFakePlatform();
  const emails = Array.from({ length: LEADS }, (_, i) => `bench.lead${i + 1}@outbox-bench.example`);
  for (const email of emails) platform.addLead({ email, firstName: 'Bench', lastName: `Lead`, leadStatus: 'NEW' });

  // One latency fault per request, registered just before the fake handles it (both happen in
  // the same synchronous stretch), so that each request gets its own delay from the range.
  const random = seededRandom(SEED);
  const fakeFetch = asFetch(platform);
  const fetch: typeof fakeFetch = (input, init) => {
    const ms = Math.round(LATENCY_MS.min + random() * (LATENCY_MS.max - LATENCY_MS.min));
    platform.fault({ kind: 'latency', ms, host: 'hubspot', times: 1 });
    return fakeFetch(input, init);
  };
  const connector = createHubSpotConnector({
    fetch,
    settings: fakeHubSpotSettings(platform),
    historyDays: 180,
  });

  // The background delivers with the lead from its cache; look each one up once, untimed.
  const leads = new Map<string, Lead>();
  for (const email of emails) {
    const lead = await connector.lookup(email);
    if (!lead) throw new Error(`the fake platform does not know ${email}`);
    leads.set(email, lead);
  }
  const requestsBefore = platform.requests.length;

  const db = await openLooplineDB(`loopline-bench-outbox-${Date.now()}`);
  const enqueuedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failure: string | undefined;
  let finish!: () => void;
  const allDelivered = new Promise<void>((resolve) => (finish = resolve));

  const outbox = createOutbox({
    db,
    undoMs: 0,
    async deliver(outcome: QueuedOutcome, { checkFirst }) {
      return connector.writeOutcome(leads.get(outcome.leadEmail)!, outcome, { checkFirst });
    },
    // The alarm: wake the outbox when the earliest outcome is due.
    schedule(when) {
      if (timer !== undefined) clearTimeout(timer);
      timer = when === null ? undefined : setTimeout(() => void outbox.flush(), Math.max(0, when - Date.now()));
    },
    onChange(outcome) {
      if (outcome.delivery === 'delivered' && !deliveredAt.has(outcome.id)) {
        deliveredAt.set(outcome.id, performance.now());
        if (deliveredAt.size === OUTCOMES) finish();
      }
      if (outcome.delivery === 'failed') {
        failure ??= `${outcome.id}: ${outcome.lastError ?? 'failed'}`;
        finish();
      }
    },
  });

  const started = performance.now();
  for (let i = 0; i < OUTCOMES; i++) {
    const outcome: Outcome = {
      id: crypto.randomUUID(),
      leadEmail: emails[i % LEADS]!,
      kind: 'meeting_booked',
      label: 'Meeting booked',
      createdAt: new Date(Date.now() + i).toISOString(),
      by: 'Bench',
      target: 'hubspot',
      attribution: { touches: [] },
      delivery: 'pending',
      attempts: 0,
    };
    enqueuedAt.set(outcome.id, performance.now());
    await outbox.enqueue(outcome);
  }
  let guard: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      allDelivered,
      new Promise<never>((_, reject) => {
        guard = setTimeout(
          () => reject(new Error(`outbox bench: ${deliveredAt.size}/${OUTCOMES} delivered after 5 min`)),
          300_000,
        );
      }),
    ]);
  } finally {
    clearTimeout(guard);
  }
  const elapsedMs = performance.now() - started;
  // The last save is reported before the run that made it ends: let the outbox settle (its run
  // and the reschedule after it) before closing the database under it.
  await outbox.flush();
  if (timer !== undefined) clearTimeout(timer);
  db.close();
  if (failure) throw new Error(`outbox bench: an outcome failed (${failure})`);

  const notes = platform.writes.hubspot.notes.length;
  if (notes !== OUTCOMES) throw new Error(`outbox bench: ${notes} notes for ${OUTCOMES} outcomes`);
  const latencies = [...deliveredAt].map(([id, at]) => at - enqueuedAt.get(id)!).sort((a, b) => a - b);
  const requests = platform.requests.length - requestsBefore;
  const setting = `${OUTCOMES} outcomes enqueued at once, HubSpot connector, ${LATENCY_MS.min}–${LATENCY_MS.max} ms per request`;
  return [
    {
      name: 'outbox delivery throughput',
      value: OUTCOMES / (elapsedMs / 1000),
      unit: 'outcomes/s',
      note: `${setting}; ${requests} requests in ${(elapsedMs / 1000).toFixed(1)} s`,
    },
    {
      name: 'outbox enqueue → delivered, p50',
      value: percentile(latencies, 50),
      unit: 'ms',
      note: 'includes waiting behind earlier outcomes (one delivery at a time)',
    },
    { name: 'outbox enqueue → delivered, p95', value: percentile(latencies, 95), unit: 'ms' },
  ];
}
