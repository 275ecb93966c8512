import { describe, expect, it, vi } from 'vitest';
import type { WriteReceipt } from '../connectors/types';
import { getOutcome } from '../store/outcomes';
import { nextDelay } from './backoff';
import { createOutbox, LEASE_MS } from './outbox';
import { fakePlatform, outcome, setup } from './test-outbox';

describe('nextDelay', () => {
  it('grows exponentially within bounds and never undercuts Retry-After', () => {
    const policy = { baseMs: 1000, maxMs: 8000, maxAttempts: 5 };
    expect([1, 2, 3, 4, 5].map((a) => nextDelay(a, policy, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(nextDelay(1, policy, () => 0)).toBe(500);
    expect(nextDelay(1, policy, () => 0, 30_000)).toBe(30_000);
  });
});

describe('outbox', () => {
  it('stores the outcome before delivery and waits out the undo window', async () => {
    const { db, outbox, platform } = await setup();
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    expect((await getOutcome(db, o.id))?.delivery).toBe('pending');
    await outbox.flush();
    expect(platform.deliver).not.toHaveBeenCalled();
  });

  it('undo within the window marks it undone without contacting the platform', async () => {
    const { db, outbox, platform, tick } = await setup();
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    expect(await outbox.undo(o.id)).toBe(true);
    await tick();
    expect(platform.deliver).not.toHaveBeenCalled();
    expect((await getOutcome(db, o.id))?.delivery).toBe('undone');
  });

  it('500, 500, 500 then 200 → delivered exactly once', async () => {
    const { db, outbox, platform, tick } = await setup();
    platform.faults.push('500', '500', '500');
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    for (let i = 0; i < 4; i++) await tick();
    const stored = await getOutcome(db, o.id);
    expect(stored).toMatchObject({ delivery: 'delivered', attempts: 4, receipt: `note-${o.id}` });
    expect(platform.writes).toEqual([o.id]);
  });

  it('a timeout after the platform recorded the write → still one record', async () => {
    const { db, outbox, platform, tick } = await setup();
    platform.faults.push('timeout-after-write');
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    await tick();
    expect((await getOutcome(db, o.id))?.delivery).toBe('pending');
    await tick();
    expect((await getOutcome(db, o.id))?.delivery).toBe('delivered');
    expect(platform.writes).toEqual([o.id]);
    expect(platform.deliver.mock.calls[1]?.[1]).toEqual({ checkFirst: true });
  });

  it('honours Retry-After from a 429', async () => {
    const { outbox, platform, scheduled, tick, advance } = await setup();
    platform.faults.push('429');
    await outbox.enqueue(outcome(), ['hubspot']);
    await tick();
    const failedAt = advance(0);
    expect(scheduled.at(-1)! - failedAt).toBeGreaterThanOrEqual(10_000);
    await tick();
    expect(platform.writes).toHaveLength(1);
  });

  it('parks a non-retryable failure as failed; retry then delivers', async () => {
    const { db, outbox, platform, tick } = await setup();
    platform.faults.push('auth');
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    await tick();
    expect(await getOutcome(db, o.id)).toMatchObject({
      delivery: 'failed',
      lastError: 'HubSpot rejected the token (401).',
    });
    await outbox.retry(o.id);
    await tick();
    expect((await getOutcome(db, o.id))?.delivery).toBe('delivered');
    expect(platform.writes).toEqual([o.id]);
  });

  it('gives up after the maximum attempts, visibly', async () => {
    const { db, outbox, platform, tick } = await setup({
      policy: { baseMs: 10, maxMs: 100, maxAttempts: 3 },
    });
    platform.faults.push('network', 'network', 'network', 'network');
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    for (let i = 0; i < 5; i++) await tick();
    expect(await getOutcome(db, o.id)).toMatchObject({ delivery: 'failed', attempts: 3 });
    expect(platform.deliver).toHaveBeenCalledTimes(3);
  });

  it('keeps an alarm armed while a delivery is in flight, so a stopped worker is woken', async () => {
    const { outbox, platform, scheduled, advance } = await setup();
    await outbox.enqueue(outcome(), ['hubspot']);
    advance(6_000);
    let release: (receipt: WriteReceipt) => void = () => {};
    platform.deliver.mockImplementationOnce(
      () => new Promise<WriteReceipt>((resolve) => (release = resolve)),
    );
    const flushing = outbox.flush();
    await vi.waitFor(() => expect(platform.deliver).toHaveBeenCalledOnce());
    // During the request the latest wake-up is the lease, in the future.
    expect(scheduled.at(-1)).toBe(16_000 + LEASE_MS);
    release({ receipt: 'note-1' });
    await flushing;
    expect(scheduled.at(-1)).toBeNull();
  });

  it('a worker stopped mid-delivery: the next worker checks first and delivers once', async () => {
    const { db, outbox, platform, advance } = await setup();
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    advance(6_000);
    // The first worker sends, the platform records it, and the worker dies before the answer.
    const hang = new Promise<WriteReceipt>(() => {});
    platform.deliver.mockImplementationOnce(async (q) => {
      platform.writes.push(q.id);
      return hang;
    });
    void outbox.flush();
    await vi.waitFor(async () => expect((await getOutcome(db, o.id))?.delivery).toBe('sending'));

    const restarted = createOutbox({ db, deliver: platform.deliver, schedule: () => {}, now: () => 20_000 });
    await restarted.flush();
    expect(await getOutcome(db, o.id)).toMatchObject({ delivery: 'delivered' });
    expect(platform.writes).toEqual([o.id]);
  });

  /** Hold the next delivery in flight until `release` is called. */
  function holdNextDelivery(platform: ReturnType<typeof fakePlatform>) {
    let release: () => void = () => {};
    platform.deliver.mockImplementationOnce(async (q) => {
      await new Promise<void>((resolve) => (release = resolve));
      platform.writes.push(q.id);
      return { receipt: `note-${q.id}` };
    });
    return () => release();
  }

  it('undo racing the first attempt: the attempt claimed it first, so undo says no and it is delivered once', async () => {
    const { db, outbox, platform, advance } = await setup();
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    advance(6_000);
    const release = holdNextDelivery(platform);
    const flushing = outbox.flush();
    await vi.waitFor(() => expect(platform.deliver).toHaveBeenCalledOnce());
    expect(await outbox.undo(o.id)).toBe(false);
    release();
    await flushing;
    expect(await getOutcome(db, o.id)).toMatchObject({ delivery: 'delivered' });
    expect(platform.writes).toEqual([o.id]);
  });

  it('undo and the first attempt started together: exactly one wins, and the platform agrees with it', async () => {
    // The undo starts at every point of the attempt's own reads and writes in turn.
    for (let run = 0; run < 40; run++) {
      const { db, outbox, platform, advance } = await setup();
      const o = await outbox.enqueue(outcome(run), ['hubspot']);
      advance(6_000);
      const flushing = outbox.flush();
      for (let i = 0; i < run; i++) await new Promise((resolve) => setTimeout(resolve, 0));
      const [undone] = await Promise.all([outbox.undo(o.id), flushing]);
      const stored = await getOutcome(db, o.id);
      if (undone) {
        expect(stored?.delivery).toBe('undone');
        expect(platform.writes).toEqual([]);
      } else {
        expect(stored?.delivery).toBe('delivered');
        expect(platform.writes).toEqual([o.id]);
      }
    }
  });

  it('discard while an attempt is in flight is refused; the attempt settles it', async () => {
    const { db, outbox, platform, advance } = await setup();
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    advance(6_000);
    const release = holdNextDelivery(platform);
    const flushing = outbox.flush();
    await vi.waitFor(() => expect(platform.deliver).toHaveBeenCalledOnce());
    expect((await outbox.discard(o.id)).delivery).toBe('sending');
    release();
    await flushing;
    expect(await getOutcome(db, o.id)).toMatchObject({ delivery: 'delivered' });
    expect(platform.writes).toEqual([o.id]);
  });

  it('a discarded outcome stays discarded: a later flush or retry never sends it', async () => {
    const { db, outbox, platform, tick } = await setup();
    platform.faults.push('500');
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    await tick();
    expect((await getOutcome(db, o.id))?.delivery).toBe('pending');
    expect((await outbox.discard(o.id)).delivery).toBe('discarded');
    expect((await outbox.retry(o.id)).delivery).toBe('discarded');
    await tick();
    await tick();
    expect(platform.deliver).toHaveBeenCalledTimes(1);
    expect(platform.writes).toEqual([]);
    expect((await getOutcome(db, o.id))?.delivery).toBe('discarded');
  });

  it('two tabs recording at once: both stored, each delivered exactly once', async () => {
    const { db, outbox, platform, tick } = await setup();
    const [a, b] = await Promise.all([
      outbox.enqueue(outcome(1), ['hubspot']),
      outbox.enqueue(outcome(2), ['hubspot']),
    ]);
    await Promise.all([tick(), tick()]);
    await tick();
    expect((await getOutcome(db, a.id))?.delivery).toBe('delivered');
    expect((await getOutcome(db, b.id))?.delivery).toBe('delivered');
    expect([...platform.writes].sort()).toEqual([a.id, b.id].sort());
  });

  it('a storage failure during an attempt still re-arms the alarm, and the outcome is delivered later', async () => {
    const { db, outbox, platform, scheduled, tick } = await setup();
    const o = await outbox.enqueue(outcome(), ['hubspot']);
    let failures = 1;
    // The claim is the first write after the undo window: it fails, as a full disk would.
    const transaction = db.transaction.bind(db);
    const spy = vi.spyOn(db, 'transaction').mockImplementation(((...args: Parameters<typeof transaction>) => {
      if (args[1] === 'readwrite' && failures-- > 0)
        throw new DOMException('The disk is full.', 'QuotaExceededError');
      return transaction(...args);
    }) as typeof db.transaction);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await tick();
    spy.mockRestore();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect((await getOutcome(db, o.id))?.delivery).toBe('pending');
    expect(scheduled.at(-1)).not.toBeNull();
    await tick();
    expect((await getOutcome(db, o.id))?.delivery).toBe('delivered');
    expect(platform.writes).toEqual([o.id]);
  });

  it('soak: 200 outcomes with random faults → 0 lost, 0 duplicated', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const { db, outbox, platform, advance } = await setup({
      random,
      policy: { baseMs: 100, maxMs: 2000, maxAttempts: 50 },
    });
    const kinds = ['500', '429', 'timeout-after-write', 'network'] as const;
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      ids.push((await outbox.enqueue(outcome(i), ['hubspot'])).id);
      if (random() < 0.4) platform.faults.push(kinds[Math.floor(random() * kinds.length)]!);
    }
    for (let round = 0; round < 200; round++) {
      advance(15_000);
      if (random() < 0.3) platform.faults.push(kinds[Math.floor(random() * kinds.length)]!);
      await outbox.flush();
      const open = await db.countFromIndex('deliveries', 'byState', 'pending');
      if (open === 0 && platform.faults.length === 0) break;
    }
    const stored = await Promise.all(ids.map((id) => getOutcome(db, id)));
    expect(stored.filter((o) => o?.delivery !== 'delivered')).toEqual([]);
    expect(platform.writes.length).toBe(200);
    expect(new Set(platform.writes).size).toBe(200);
  });
});
