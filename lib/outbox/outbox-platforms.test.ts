import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../connectors/clock';
import { createPlatformLimiter } from '../connectors/limiter';
import { ConnectorError, type WriteReceipt } from '../connectors/types';
import type { SourceId } from '../model';
import type { DB } from '../store/db';
import { getDelivery } from '../store/deliveries';
import { getOutcome } from '../store/outcomes';
import { createOutbox, deliveryConcurrency, LEASE_MS, type OutboxDeps, type QueuedOutcome } from './outbox';
import { freshDb, outcome, setup } from './test-outbox';

/**
 * Several platforms behind one deliver, recording writes per platform by outcome id, counting
 * deliveries in flight, and holding each delivery until the test releases it (or answering at
 * once with `instant`). A platform's `answer` may throw its error instead of writing.
 */
function fakePlatforms(options: { instant?: boolean } = {}) {
  type Platform = 'hubspot' | 'marketo' | 'mailchimp';
  const platforms: Platform[] = ['hubspot', 'marketo', 'mailchimp'];
  const writes = Object.fromEntries(platforms.map((p) => [p, [] as string[]])) as Record<Platform, string[]>;
  const inFlight = Object.fromEntries(platforms.map((p) => [p, 0])) as Record<Platform, number>;
  const peak = { ...inFlight };
  const calls = { ...inFlight };
  const held: (() => void)[] = [];
  /** Before the write: throw to answer with an error, or wait (a paused limiter). */
  const answer: Partial<Record<Platform, (o: QueuedOutcome, call: number) => Promise<void> | void>> = {};
  const deliver = async (
    o: QueuedOutcome,
    { checkFirst }: { checkFirst: boolean },
  ): Promise<WriteReceipt> => {
    const platform = o.target as Platform;
    const call = ++calls[platform];
    if (checkFirst && writes[platform].includes(o.id)) return { receipt: `done-${o.id}`, alreadyDone: true };
    inFlight[platform]++;
    peak[platform] = Math.max(peak[platform], inFlight[platform]);
    try {
      await answer[platform]?.(o, call);
      if (!options.instant) await new Promise<void>((resolve) => held.push(resolve));
      writes[platform].push(o.id);
      return { receipt: `${platform}-${o.id}` };
    } finally {
      inFlight[platform]--;
    }
  };
  const release = () => held.splice(0).forEach((resolve) => resolve());
  return { writes, inFlight, peak, calls, answer, deliver, release, held };
}

/** The outcome as stored (its aggregate), with when its one delivery is next due. */
async function stored(db: DB, id: string) {
  const outcome = await getOutcome(db, id);
  const delivery = outcome && (await getDelivery(db, [id, outcome.target]));
  return outcome && { ...outcome, nextAttemptAt: delivery?.nextAttemptAt };
}

async function states(db: DB, ids: readonly string[]) {
  return Promise.all(ids.map(async (id) => (await getOutcome(db, id))?.delivery));
}

async function multiSetup(platforms: ReturnType<typeof fakePlatforms>, extra: Partial<OutboxDeps> = {}) {
  const clock = createManualClock();
  const db = await freshDb();
  const scheduled: (number | null)[] = [];
  const outbox = createOutbox({
    db,
    deliver: platforms.deliver,
    schedule: (when) => scheduled.push(when),
    now: () => clock.now(),
    random: () => 0.5,
    undoMs: 0,
    ...extra,
  });
  /** Enqueues in this order, one after another (createdAt follows the order). */
  const enqueue = async (targets: SourceId[]) => {
    const ids: string[] = [];
    for (const [i, target] of targets.entries())
      ids.push((await outbox.enqueue(outcome(i, target), [target])).id);
    return ids;
  };
  return { clock, db, outbox, scheduled, enqueue };
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

describe('outbox: one queue per platform', () => {
  it("a Marketo pause of 20 s does not delay HubSpot's outcomes", async () => {
    const platforms = fakePlatforms({ instant: true });
    const { clock, db, outbox, enqueue } = await multiSetup(platforms);
    const start = clock.now();
    // As the connector does: Marketo answers its first call with 606, which pauses its limiter
    // for 20 s; every Marketo call waits for a slot there.
    const limiter = createPlatformLimiter('marketo', clock);
    let throttled: string | undefined;
    platforms.answer.marketo = (o, call) =>
      limiter.run(async () => {
        if (call > 1) return;
        throttled = o.id;
        limiter.pause(20_000);
        throw new ConnectorError(
          'marketo',
          'rate_limited',
          'Marketo: more than 100 calls in 20 seconds (606).',
          20_000,
        );
      });
    // The Marketo ones are older: delivered in createdAt order they would go first.
    const marketo = await enqueue(repeat<SourceId>('marketo', 3));
    const hubspot = await enqueue(repeat<SourceId>('hubspot', 3));
    const flushing = outbox.flush();

    await vi.waitFor(async () => expect(await states(db, hubspot)).toEqual(repeat('delivered', 3)));
    expect(clock.now()).toBe(start);
    expect(platforms.writes.hubspot.sort()).toEqual([...hubspot].sort());
    expect(platforms.writes.marketo).toEqual([]);
    expect(await stored(db, throttled!)).toMatchObject({
      delivery: 'pending',
      nextAttemptAt: start + 20_000,
    });

    // The pause ends: the Marketo ones waiting in the limiter go, and the throttled one is due.
    await clock.advance(20_000);
    await flushing;
    await outbox.flush();
    expect(await states(db, [...marketo, ...hubspot])).toEqual(repeat('delivered', 6));
    expect(platforms.writes.marketo.sort()).toEqual([...marketo].sort());
    expect(platforms.writes.hubspot).toHaveLength(3);
    expect(platforms.calls).toEqual({ hubspot: 3, marketo: 4, mailchimp: 0 });
  });

  it('an outcome that becomes due during a run is delivered while another platform is still held up', async () => {
    const platforms = fakePlatforms();
    const { db, outbox, enqueue } = await multiSetup(platforms);
    const [slow] = await enqueue(['marketo']);
    const first = outbox.flush();
    await vi.waitFor(() => expect(platforms.inFlight.marketo).toBe(1));
    const stuck = platforms.held.splice(0);

    const [quick] = await enqueue(['hubspot']);
    const second = outbox.flush();
    await vi.waitFor(() => expect(platforms.inFlight.hubspot).toBe(1));
    platforms.release();
    await vi.waitFor(async () => expect(await states(db, [quick!])).toEqual(['delivered']));
    expect(await states(db, [slow!])).toEqual(['sending']);

    stuck.forEach((resolve) => resolve());
    await Promise.all([first, second]);
    expect(await states(db, [slow!, quick!])).toEqual(['delivered', 'delivered']);
    expect(platforms.writes).toEqual({ hubspot: [quick], marketo: [slow], mailchimp: [] });
  });

  it("each platform's queue runs as many deliveries at once as the platform allows, and no more", async () => {
    const platforms = fakePlatforms();
    const { db, outbox, enqueue } = await multiSetup(platforms);
    const targets = ['hubspot', 'marketo', 'mailchimp'] as const;
    const per = 20;
    const ids = await enqueue(Array.from({ length: per * 3 }, (_, i) => targets[i % 3]!));
    const flushing = outbox.flush();
    const written = () => targets.reduce((sum, t) => sum + platforms.writes[t].length, 0);
    while (written() < per * 3) {
      // Every queue fills up to its cap (or what it has left) before anything is released.
      const expected = Object.fromEntries(
        targets.map((t) => [t, Math.min(deliveryConcurrency(t), per - platforms.writes[t].length)]),
      );
      await vi.waitFor(() => expect({ ...platforms.inFlight }).toEqual(expected));
      const before = written();
      platforms.release();
      const released = Object.values(expected).reduce((a, b) => a + b, 0);
      await vi.waitFor(() => expect(written()).toBe(before + released));
    }
    await flushing;
    expect(platforms.peak).toEqual({
      hubspot: deliveryConcurrency('hubspot'),
      marketo: deliveryConcurrency('marketo'),
      mailchimp: deliveryConcurrency('mailchimp'),
    });
    expect([
      deliveryConcurrency('hubspot'),
      deliveryConcurrency('marketo'),
      deliveryConcurrency('mailchimp'),
    ]).toEqual([5, 9, 9]);
    expect(await states(db, ids)).toEqual(repeat('delivered', per * 3));
    for (const t of targets) {
      expect(platforms.writes[t]).toHaveLength(per);
      expect(new Set(platforms.writes[t]).size).toBe(per);
    }
  });

  it('a daily quota is retried when it resets, not failed; the other platforms go on', async () => {
    const platforms = fakePlatforms({ instant: true });
    const { clock, db, outbox, scheduled, enqueue } = await multiSetup(platforms);
    const start = clock.now();
    const resetMs = 5 * 60 * 60 * 1000;
    platforms.answer.marketo = (_o, call) => {
      if (call === 1)
        throw new ConnectorError(
          'marketo',
          'quota',
          'Marketo: the daily API quota is used up (607); it resets at midnight US Central time.',
          resetMs,
        );
    };
    const [first, second, hubspot] = await enqueue(['marketo', 'marketo', 'hubspot']);
    await outbox.flush();

    expect(await stored(db, first!)).toMatchObject({
      delivery: 'pending',
      attempts: 1,
      nextAttemptAt: start + resetMs,
      lastError: expect.stringMatching(/daily API quota/),
    });
    // The quota is Marketo's as a whole: the second one waits for the reset without trying.
    expect(await getOutcome(db, second!)).toMatchObject({ delivery: 'pending', attempts: 0 });
    expect(await getOutcome(db, hubspot!)).toMatchObject({ delivery: 'delivered' });
    expect(scheduled.at(-1)).toBe(start + resetMs);

    await clock.advance(resetMs - 1_000);
    await outbox.flush();
    expect(platforms.calls.marketo).toBe(1);
    expect(scheduled.at(-1)).toBe(start + resetMs);

    await clock.advance(1_000);
    await outbox.flush();
    expect(await getOutcome(db, first!)).toMatchObject({ delivery: 'delivered', attempts: 2 });
    expect(await getOutcome(db, second!)).toMatchObject({ delivery: 'delivered', attempts: 1 });
    expect(platforms.writes.marketo.sort()).toEqual([first, second].sort());
    expect(platforms.writes.hubspot).toEqual([hubspot]);
    expect(platforms.calls).toEqual({ hubspot: 1, marketo: 3, mailchimp: 0 });
    expect(scheduled.at(-1)).toBeNull();
  });

  it('a quota error on the last allowed attempt still waits for the reset', async () => {
    const platforms = fakePlatforms({ instant: true });
    const { clock, db, outbox, enqueue } = await multiSetup(platforms, {
      policy: { baseMs: 10, maxMs: 100, maxAttempts: 1 },
    });
    platforms.answer.hubspot = (_o, call) => {
      if (call === 1)
        throw new ConnectorError(
          'hubspot',
          'quota',
          "HubSpot: the portal's daily API limit is used up.",
          60_000,
        );
    };
    const [id] = await enqueue(['hubspot']);
    await outbox.flush();
    expect(await getOutcome(db, id!)).toMatchObject({ delivery: 'pending', attempts: 1 });
    await clock.advance(60_000);
    await outbox.flush();
    expect(await getOutcome(db, id!)).toMatchObject({ delivery: 'delivered', attempts: 2 });
    expect(platforms.writes.hubspot).toEqual([id]);
  });

  it('a worker stopped in the middle of a run: the next one delivers every outcome exactly once', async () => {
    const platforms = fakePlatforms();
    // The platforms record each write, but the worker dies before any answer arrives.
    const dying = vi.fn(async (o: QueuedOutcome) => {
      platforms.writes[o.target as 'hubspot'].push(o.id);
      return new Promise<WriteReceipt>(() => {});
    });
    const { clock, db, outbox, enqueue } = await multiSetup(platforms, { deliver: dying });
    // More HubSpot ones than its queue takes at once: some are in flight, some only queued.
    const ids = await enqueue([...repeat<SourceId>('hubspot', 8), 'marketo', 'mailchimp', 'marketo']);
    void outbox.flush();
    const inFlight = deliveryConcurrency('hubspot') + 3;
    await vi.waitFor(() => expect(dying).toHaveBeenCalledTimes(inFlight));

    // The next worker, once the stopped one's lease has run out.
    const restarted = createOutbox({
      db,
      deliver: platforms.deliver,
      schedule: () => {},
      now: () => clock.now() + LEASE_MS,
      undoMs: 0,
    });
    const finishing = restarted.flush();
    await vi.waitFor(() => expect(platforms.held.length).toBeGreaterThan(0));
    while (platforms.held.length > 0 || (await states(db, ids)).some((s) => s !== 'delivered')) {
      platforms.release();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await finishing;
    expect(await states(db, ids)).toEqual(repeat('delivered', ids.length));
    const all = [...platforms.writes.hubspot, ...platforms.writes.marketo, ...platforms.writes.mailchimp];
    expect(all.sort()).toEqual([...ids].sort());
    // The ones the stopped worker had sent were checked for, not written again.
    expect(dying).toHaveBeenCalledTimes(inFlight);
  });
});

describe('outbox: one outcome to several platforms', () => {
  /** Two platforms behind one deliver: writes recorded per platform, faults scripted per platform. */
  function twoPlatforms() {
    const writes: Record<'hubspot' | 'rest', string[]> = { hubspot: [], rest: [] };
    const faults: Record<'hubspot' | 'rest', ('500' | 'auth')[]> = { hubspot: [], rest: [] };
    const deliver = vi.fn(async (o: QueuedOutcome, { checkFirst }: { checkFirst: boolean }) => {
      const platform = o.target as 'hubspot' | 'rest';
      if (checkFirst && writes[platform].includes(o.id))
        return { receipt: `${platform}-${o.id}`, alreadyDone: true };
      const fault = faults[platform].shift();
      if (fault === '500') throw new ConnectorError(platform, 'server', `${platform} answered 500.`);
      if (fault === 'auth') throw new ConnectorError(platform, 'auth', `${platform} rejected the key (401).`);
      writes[platform].push(o.id);
      return { receipt: `${platform}-${o.id}` };
    });
    return { writes, faults, deliver };
  }

  const targetsOf = async (db: DB, id: string) =>
    Object.fromEntries(
      (await Promise.all((['hubspot', 'rest'] as const).map((t) => getDelivery(db, [id, t])))).map((d) => [
        d!.target,
        d!.state,
      ]),
    );

  it('delivers to each platform exactly once, each on its own; the outcome is delivered only when both are', async () => {
    const platforms = twoPlatforms();
    const { db, outbox, tick } = await setup({ deliver: platforms.deliver });
    platforms.faults.rest.push('500', 'auth');
    const o = outcome(1, 'hubspot');
    const queued = await outbox.enqueue(o, ['hubspot', 'rest']);
    expect(queued).toMatchObject({ delivery: 'pending', target: 'hubspot', attempts: 0 });
    expect(await targetsOf(db, o.id)).toEqual({ hubspot: 'pending', rest: 'pending' });

    // HubSpot takes it; the REST endpoint answers 500 and is retried: the outcome is still on its way.
    await tick();
    expect(await targetsOf(db, o.id)).toEqual({ hubspot: 'delivered', rest: 'pending' });
    expect(await getOutcome(db, o.id)).toMatchObject({
      delivery: 'pending',
      lastError: 'rest answered 500.',
    });
    expect(await outbox.undo(o.id)).toBe(false);

    // Then it refuses the key: the outcome failed, saying why, though HubSpot has it.
    await tick();
    expect(await targetsOf(db, o.id)).toEqual({ hubspot: 'delivered', rest: 'failed' });
    expect(await getOutcome(db, o.id)).toMatchObject({
      delivery: 'failed',
      target: 'hubspot',
      attempts: 3,
      lastError: 'rest rejected the key (401).',
    });

    // A retry repeats only the failed one, checking first.
    await outbox.retry(o.id);
    await tick();
    expect(await targetsOf(db, o.id)).toEqual({ hubspot: 'delivered', rest: 'delivered' });
    expect(await getOutcome(db, o.id)).toMatchObject({
      delivery: 'delivered',
      attempts: 2,
      receipt: `hubspot-${o.id} · rest-${o.id}`,
    });
    expect(platforms.writes).toEqual({ hubspot: [o.id], rest: [o.id] });
    expect(platforms.deliver.mock.calls.filter(([q]) => q.target === 'hubspot')).toHaveLength(1);
    expect(platforms.deliver.mock.calls.at(-1)?.[1]).toEqual({ checkFirst: true });
  });

  it('discarding an outcome one platform has leaves that delivery alone and gives up the other', async () => {
    const platforms = twoPlatforms();
    const { db, outbox, tick } = await setup({ deliver: platforms.deliver });
    platforms.faults.rest.push('auth');
    const o = outcome(1, 'hubspot');
    await outbox.enqueue(o, ['hubspot', 'rest']);
    await tick();
    expect((await getOutcome(db, o.id))?.delivery).toBe('failed');
    expect((await outbox.discard(o.id)).delivery).toBe('delivered');
    expect(await targetsOf(db, o.id)).toEqual({ hubspot: 'delivered', rest: 'discarded' });
    await tick();
    expect(platforms.writes).toEqual({ hubspot: [o.id], rest: [] });
  });

  it('undo before the first attempt undoes every delivery, and neither platform is contacted', async () => {
    const platforms = twoPlatforms();
    const { db, outbox, tick } = await setup({ deliver: platforms.deliver });
    const o = outcome(1, 'hubspot');
    await outbox.enqueue(o, ['hubspot', 'rest']);
    expect(await outbox.undo(o.id)).toBe(true);
    await tick();
    await tick();
    expect(platforms.deliver).not.toHaveBeenCalled();
    expect(await targetsOf(db, o.id)).toEqual({ hubspot: 'undone', rest: 'undone' });
    expect((await getOutcome(db, o.id))?.delivery).toBe('undone');
  });
});
