// @vitest-environment node
/**
 * Outcomes through the real outbox and the real connectors to the fake platform, in process, with
 * time moved by hand: the platform faults that the end-to-end tests used to wait out in real time
 * (back-off steps, Retry-After, HubSpot's 10-second window, a 20 s request timeout) take
 * milliseconds here. What needs a real browser — a service worker stopped mid-write, the browser
 * closed with an outcome pending, the soak — stays in test/e2e/outcomes.e2e.ts.
 *
 * The outbox is wired as the background wires it (lib/background/outcomes.ts): a connector built
 * from the settings for each delivery, the lead as the sidebar looked it up, and a wake-up at the
 * time the outbox asks for through `schedule` (the background's timer, or its alarm).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  asFetch,
  createFakePlatform,
  SEED_EMAILS,
  type FakePlatform,
  type FaultSpec,
  type LoggedRequest,
} from '../../test/fake-platform';
import { fakeSettings } from '../../test/fake-platform/settings';
import { createConnector, type ConnectorDeps } from '../connectors';
import { createManualClock } from '../connectors/clock';
import { createPlatformLimiter } from '../connectors/limiter';
import { makeOutcome } from '../connectors/test-outcome';
import type { Lead, SourceId } from '../model';
import { openLooplineDB } from '../store/db';
import { getDelivery } from '../store/deliveries';
import { getOutcome } from '../store/outcomes';
import { createOutbox, type QueuedOutcome } from './outbox';

type Target = Exclude<SourceId, 'local'>;

/** A lead every platform knows, whose HubSpot status is not yet the one an outcome sets. */
const EMAIL = SEED_EMAILS.mql;

/** HubSpot's note creation, not its batch read (`/crm/v3/objects/notes/batch/read`). */
const NOTE_CREATE = { host: 'hubspot', path: /^\/crm\/v3\/objects\/notes$/, method: 'POST' } as const;

/** Wake-ups a delivery may take before a test calls it stuck. */
const MAX_WAKES = 30;

let dbs = 0;

async function setUp(target: Target) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const settings = fakeSettings(platform);
  // The process-wide limiters and Marketo token cache would carry one test's pause into the next.
  const deps: ConnectorDeps = {
    fetch: asFetch(platform),
    clock,
    limiters: {
      hubspot: createPlatformLimiter('hubspot', clock),
      marketo: createPlatformLimiter('marketo', clock),
      mailchimp: createPlatformLimiter('mailchimp', clock),
      rest: createPlatformLimiter('rest', clock),
    },
    marketoTokens: new Map(),
  };
  const db = await openLooplineDB(`delivery-test-${++dbs}`);
  const looked = new Map<string, Lead>();
  const wakes: (number | null)[] = [];
  const changes: QueuedOutcome[] = [];
  const outbox = createOutbox({
    db,
    now: () => clock.now(),
    random: () => 0.5,
    schedule: (when) => wakes.push(when),
    onChange: (outcome) => changes.push(outcome),
    async deliver(outcome, { checkFirst }) {
      const connector = createConnector(outcome.target, settings, deps);
      const lead = looked.get(outcome.leadEmail) ?? (await connector.lookup(outcome.leadEmail));
      if (!lead) throw new Error(`${outcome.leadEmail} is not in ${outcome.target}.`);
      return connector.writeOutcome(lead, outcome, { checkFirst });
    },
  });

  /** The outcome as stored (its aggregate), with its one delivery's bookkeeping. */
  const stored = async (id: string): Promise<QueuedOutcome | undefined> => {
    const outcome = await getOutcome(db, id);
    const delivery = await getDelivery(db, [id, target]);
    return outcome && { ...outcome, nextAttemptAt: delivery?.nextAttemptAt, ambiguous: delivery?.ambiguous };
  };

  /** Moves the clock to `at` (never back) and flushes, as a wake-up at that time would. */
  async function flushAt(at: number) {
    await clock.advance(Math.max(0, at - clock.now()));
    await outbox.flush();
  }

  /** The wake-up the outbox asked for last, or undefined when it asked for none. */
  const nextWake = () => wakes.at(-1) ?? undefined;

  return {
    clock,
    platform,
    outbox,
    changes,
    stored,
    nextWake,
    flushAt,

    /** Records an outcome as the sidebar does: for a lead it has looked up, into the outbox. */
    async record(): Promise<QueuedOutcome> {
      const lead = await createConnector(target, settings, deps).lookup(EMAIL);
      if (!lead) throw new Error(`${EMAIL} is not in ${target}.`);
      looked.set(EMAIL, lead);
      const outcome = makeOutcome({
        id: crypto.randomUUID(),
        leadEmail: EMAIL,
        target,
        createdAt: new Date(clock.now()).toISOString(),
      });
      return outbox.enqueue(outcome, [target]);
    },

    /** One wake-up at the time the outbox asked for. */
    async wake() {
      const at = nextWake();
      if (at === undefined) throw new Error('The outbox asked to be woken at no time.');
      await flushAt(at);
    },

    /** Wake-ups at the times the outbox asks for, until it asks for none. */
    async settle() {
      for (let i = 0; i < MAX_WAKES; i++) {
        const at = nextWake();
        if (at === undefined) return;
        await flushAt(at);
      }
      throw new Error(`The outbox still asks to be woken after ${MAX_WAKES} wake-ups.`);
    },
  };
}

function noteCreates(platform: FakePlatform): LoggedRequest[] {
  return platform.requests.filter(
    (r) => r.platform === 'hubspot' && r.method === NOTE_CREATE.method && NOTE_CREATE.path.test(r.path),
  );
}

/** HubSpot's writes: notes (all, and those carrying the outcome id) and contact updates. */
function hubspotWrites(platform: FakePlatform, outcomeId: string) {
  const { notes, contactUpdates } = platform.writes.hubspot;
  return {
    notes: notes.length,
    notesCarryingId: notes.filter((n) => n.properties.hs_note_body?.includes(`Outcome id: ${outcomeId}`))
      .length,
    contactUpdates: contactUpdates.length,
  };
}

const ONE_HUBSPOT_WRITE = { notes: 1, notesCarryingId: 1, contactUpdates: 1 };

describe('faults between the outbox and HubSpot', () => {
  it('500, 500, 500 then 201: delivered once, on the fourth attempt', async () => {
    const h = await setUp('hubspot');
    h.platform.fault({ kind: 'server_error', status: 500, ...NOTE_CREATE, times: 3 });
    const recorded = await h.record();

    await h.settle();

    const outcome = await h.stored(recorded.id);
    expect(outcome).toMatchObject({ delivery: 'delivered', attempts: 4 });
    expect(noteCreates(h.platform).map((r) => r.status)).toEqual([500, 500, 500, 201]);
    expect(hubspotWrites(h.platform, recorded.id)).toEqual(ONE_HUBSPOT_WRITE);
    expect(h.platform.writes.hubspot.contactUpdates).toEqual([
      {
        contactId: h.platform.lead(EMAIL)!.hubspotId,
        properties: { hs_lead_status: 'CONNECTED', loopline_outcome: 'meeting_booked' },
      },
    ]);
    expect(outcome!.receipt).toContain(h.platform.writes.hubspot.notes[0]!.id);
  });

  it('a timeout after HubSpot recorded the note: the retry finds it among the contact’s notes and writes no second one', async () => {
    const h = await setUp('hubspot');
    h.platform.fault({ kind: 'timeout_after_write', ...NOTE_CREATE, times: 1 });
    const recorded = await h.record();
    const contactId = h.platform.lead(EMAIL)!.hubspotId;

    // The undo window is over: the first attempt sends the note, HubSpot stores it, no answer comes.
    const firstAttempt = h.flushAt(h.nextWake()!);
    await vi.waitFor(() => expect(h.platform.writes.hubspot.notes).toHaveLength(1), { interval: 1 });
    expect(await h.stored(recorded.id)).toMatchObject({ delivery: 'sending', attempts: 1 });
    // The connector gives up after its 20 s.
    await h.clock.advance(20_000);
    await firstAttempt;
    expect(await h.stored(recorded.id)).toMatchObject({
      delivery: 'pending',
      attempts: 1,
      ambiguous: true,
      lastError: expect.stringMatching(/HubSpot did not answer within 20 s/),
    });

    await h.settle();

    const outcome = await h.stored(recorded.id);
    expect(outcome).toMatchObject({ delivery: 'delivered', attempts: 2 });
    expect(outcome!.receipt).toContain(h.platform.writes.hubspot.notes[0]!.id);
    expect(hubspotWrites(h.platform, recorded.id)).toEqual(ONE_HUBSPOT_WRITE);
    // One create (which timed out); then the check, reading the contact's notes from the
    // records (not CRM search, whose index lags), found it instead of a second create.
    expect(noteCreates(h.platform)).toHaveLength(1);
    expect(
      h.platform.requestsTo('hubspot', `/crm/v4/objects/contacts/${contactId}/associations/notes`, 'GET'),
    ).toHaveLength(1);
    expect(h.platform.requestsTo('hubspot', '/crm/v3/objects/notes/batch/read', 'POST')).toHaveLength(1);
    expect(h.platform.requestsTo('hubspot', '/crm/v3/objects/notes/search')).toHaveLength(0);
  });

  it('429 with Retry-After: retried no sooner than asked, then delivered once', async () => {
    const h = await setUp('hubspot');
    h.platform.fault({ kind: 'rate_limit', retryAfterSeconds: 3, ...NOTE_CREATE, times: 1 });
    const recorded = await h.record();

    await h.wake();
    const [throttled] = noteCreates(h.platform);
    expect(throttled?.status).toBe(429);
    // Woken early (for another outcome, say): nothing goes to HubSpot before Retry-After.
    await h.flushAt(throttled!.at + 2_999);
    expect(noteCreates(h.platform)).toHaveLength(1);
    expect(await h.stored(recorded.id)).toMatchObject({ delivery: 'pending', attempts: 1 });

    await h.settle();

    const [, accepted, ...more] = noteCreates(h.platform);
    expect(accepted?.status).toBe(201);
    expect(more).toEqual([]);
    expect(accepted!.at - throttled!.at).toBeGreaterThanOrEqual(3_000);
    expect(await h.stored(recorded.id)).toMatchObject({ delivery: 'delivered', attempts: 2 });
    expect(hubspotWrites(h.platform, recorded.id)).toEqual(ONE_HUBSPOT_WRITE);
  });

  it('429 without Retry-After: retried after HubSpot’s 10-second window, then delivered once', async () => {
    const h = await setUp('hubspot');
    h.platform.fault({ kind: 'rate_limit', policy: 'TEN_SECONDLY_ROLLING', ...NOTE_CREATE, times: 1 });
    const recorded = await h.record();

    await h.wake();
    const [throttled] = noteCreates(h.platform);
    expect(throttled).toMatchObject({ status: 429, fault: 'rate_limit' });
    expect(throttled!.headers['retry-after']).toBeUndefined();
    // The policy name says the window is a rolling 10 s: an earlier wake-up sends nothing.
    await h.flushAt(throttled!.at + 9_999);
    expect(noteCreates(h.platform)).toHaveLength(1);

    await h.settle();

    const [, accepted, ...more] = noteCreates(h.platform);
    expect(accepted?.status).toBe(201);
    expect(more).toEqual([]);
    expect(accepted!.at - throttled!.at).toBeGreaterThanOrEqual(10_000);
    expect(await h.stored(recorded.id)).toMatchObject({ delivery: 'delivered', attempts: 2 });
    expect(hubspotWrites(h.platform, recorded.id)).toEqual(ONE_HUBSPOT_WRITE);
  });

  it('network down: the outcome stays pending and says why, then is delivered once when the network is back', async () => {
    const h = await setUp('hubspot');
    const recorded = await h.record();
    const networkBack = h.platform.fault({ kind: 'network', host: 'hubspot' });

    await h.wake();
    await h.wake();

    const waiting = await h.stored(recorded.id);
    expect(waiting).toMatchObject({ delivery: 'pending', attempts: 2 });
    expect(waiting!.lastError).toMatch(/Could not reach api\.hubapi\.com/);
    expect(waiting!.nextAttemptAt).toBeGreaterThan(h.clock.now());
    // What the sidebar shows comes from these changes: it was told the outcome is waiting.
    expect(h.changes.at(-1)).toMatchObject({ id: recorded.id, delivery: 'pending', attempts: 2 });
    expect(h.platform.writes.hubspot).toEqual({ notes: [], contactUpdates: [] });

    networkBack();
    await h.settle();

    expect(await h.stored(recorded.id)).toMatchObject({ delivery: 'delivered', attempts: 3 });
    expect(hubspotWrites(h.platform, recorded.id)).toEqual(ONE_HUBSPOT_WRITE);
    expect(noteCreates(h.platform).filter((r) => r.status === 201)).toHaveLength(1);
  });
});

describe('the write lands but its answer is lost: the retry finds it at once and writes nothing twice', () => {
  const cases: Array<{
    name: string;
    target: Exclude<Target, 'hubspot'>;
    /** The write whose answer is lost. */
    write: Omit<FaultSpec, 'kind'>;
    prepare?: (platform: FakePlatform) => void;
    writes: (platform: FakePlatform, outcomeId: string) => Record<string, number>;
    /** Which of `writes` the lost answer was for: it is on the platform after the first attempt. */
    landed: string;
    expected: Record<string, number>;
  }> = [
    {
      name: 'Marketo: the outcome activity is found by its id field; the status is updated once',
      target: 'marketo',
      write: { host: 'marketo', path: '/rest/v1/activities/external.json', method: 'POST' },
      writes: (p, id) => ({
        activities: p.writes.marketo.activities.length,
        activitiesCarryingId: p.writes.marketo.activities.filter((a) => a.primaryAttributeValue === id)
          .length,
        leadUpdates: p.writes.marketo.leadUpdates.length,
      }),
      landed: 'activitiesCarryingId',
      expected: { activities: 1, activitiesCarryingId: 1, leadUpdates: 1 },
    },
    {
      name: 'Mailchimp: the note carrying the outcome id is found before the event is even listed',
      target: 'mailchimp',
      // The note, written last, carries the outcome id.
      write: { host: 'mailchimp', path: /\/notes$/, method: 'POST' },
      // Events are listed only once Mailchimp has processed them: the check must not need them.
      prepare: (p) => (p.config.mailchimp.eventsListedAfterMs = 10 * 60_000),
      writes: (p, id) => ({
        tags: p.writes.mailchimp.tags.length,
        events: p.writes.mailchimp.events.length,
        notes: p.writes.mailchimp.notes.length,
        notesCarryingId: p.writes.mailchimp.notes.filter((n) => n.note.includes(id)).length,
      }),
      landed: 'notesCarryingId',
      expected: { tags: 1, events: 1, notes: 1, notesCarryingId: 1 },
    },
    {
      name: 'REST: the repeated POST with the same Idempotency-Key is stored once',
      target: 'rest',
      write: { host: 'rest', path: '/outcomes', method: 'POST' },
      writes: (p, id) => ({
        outcomes: p.writes.rest.outcomes.length,
        outcomesWithKey: p.writes.rest.outcomes.filter((o) => o.key === id).length,
      }),
      landed: 'outcomesWithKey',
      expected: { outcomes: 1, outcomesWithKey: 1 },
    },
  ];

  for (const { name, target, write, prepare, writes, landed, expected } of cases) {
    it(name, async () => {
      const h = await setUp(target);
      prepare?.(h.platform);
      h.platform.fault({ kind: 'reset_after_write', ...write, times: 1 } as FaultSpec);
      const recorded = await h.record();

      await h.wake();
      expect(await h.stored(recorded.id)).toMatchObject({
        delivery: 'pending',
        attempts: 1,
        ambiguous: true,
      });
      expect(writes(h.platform, recorded.id)[landed]).toBe(1);

      await h.settle();

      // The first retry, one back-off step later, found the write.
      expect(await h.stored(recorded.id)).toMatchObject({ delivery: 'delivered', attempts: 2 });
      expect(writes(h.platform, recorded.id)).toEqual(expected);
    });
  }
});
