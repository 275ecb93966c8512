// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock';
import { createLimiter, DOCUMENTED_LIMITS, PLATFORM_LIMITS } from './limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createLimiter', () => {
  it('never runs more than maxConcurrent tasks at once', async () => {
    const clock = createManualClock();
    const limiter = createLimiter({ maxConcurrent: 3, perWindow: 1000, windowMs: 1000, clock });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, deferred);
    const runs = gates.map((gate) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
      }),
    );
    await clock.advance(0);
    expect(limiter.active).toBe(3);
    expect(limiter.queued).toBe(7);
    for (const gate of gates) {
      gate.resolve();
      await clock.advance(0);
    }
    await Promise.all(runs);
    expect(peak).toBe(3);
    expect(limiter.peakActive).toBe(3);
  });

  it('starts at most perWindow tasks in any window, then the rest when the window slides', async () => {
    const clock = createManualClock();
    const limiter = createLimiter({ maxConcurrent: 10, perWindow: 2, windowMs: 10_000, clock });
    const started: number[] = [];
    const runs = Array.from({ length: 5 }, () => limiter.run(async () => void started.push(clock.now())));
    await clock.advance(0);
    expect(started).toHaveLength(2);
    await clock.advance(9_999);
    expect(started).toHaveLength(2);
    await clock.advance(1);
    expect(started).toHaveLength(4);
    await clock.advance(10_000);
    await Promise.all(runs);
    expect(started).toHaveLength(5);
    // No two windows of 10 s ever saw more than 2 starts.
    for (const t of started)
      expect(started.filter((s) => s >= t && s < t + 10_000).length).toBeLessThanOrEqual(2);
  });

  it('holds queued work during a pause after a throttling answer', async () => {
    const clock = createManualClock();
    const limiter = createLimiter({ maxConcurrent: 2, perWindow: 100, windowMs: 1000, clock });
    limiter.pause(20_000);
    let ran = false;
    const run = limiter.run(async () => {
      ran = true;
    });
    await clock.advance(19_999);
    expect(ran).toBe(false);
    await clock.advance(1);
    await run;
    expect(ran).toBe(true);
  });

  it('drops a queued task whose signal aborts, without running it', async () => {
    const clock = createManualClock();
    const limiter = createLimiter({ maxConcurrent: 1, perWindow: 100, windowMs: 1000, clock });
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    gate.resolve();
    await first;
    expect(ran).toBe(false);
    expect(limiter.queued).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const limiter = createLimiter({
      maxConcurrent: 1,
      perWindow: 100,
      windowMs: 1000,
      clock: createManualClock(),
    });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
    expect(limiter.active).toBe(0);
  });

  it('with no rate to keep (perWindow Infinity), only the concurrency cap holds tasks back', async () => {
    const clock = createManualClock();
    const limiter = createLimiter({ maxConcurrent: 2, perWindow: Infinity, windowMs: 0, clock });
    let done = 0;
    const runs = Array.from({ length: 50 }, () => limiter.run(async () => void done++));
    await clock.advance(0);
    await Promise.all(runs);
    expect(done).toBe(50);
    expect(limiter.peakActive).toBe(2);
  });
});

describe('PLATFORM_LIMITS', () => {
  it('stay within each documented limit, and use at least 80 % of it', () => {
    for (const [platform, documented] of Object.entries(DOCUMENTED_LIMITS)) {
      const ours = PLATFORM_LIMITS[platform as keyof typeof PLATFORM_LIMITS];
      if (documented.maxConcurrent !== undefined) {
        expect(ours.maxConcurrent, platform).toBeLessThanOrEqual(documented.maxConcurrent);
        expect(ours.maxConcurrent, platform).toBeGreaterThanOrEqual(0.8 * documented.maxConcurrent);
      }
      if (documented.perWindow !== undefined) {
        const theirs = documented.perWindow / documented.windowMs;
        expect(ours.perWindow / ours.windowMs, platform).toBeLessThanOrEqual(theirs);
        expect(ours.perWindow / ours.windowMs, platform).toBeGreaterThanOrEqual(0.8 * theirs);
        // Never a longer window than the platform's: a burst must fit the platform's own window.
        expect(ours.windowMs, platform).toBe(documented.windowMs);
      }
    }
  });
});
