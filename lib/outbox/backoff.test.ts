// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../test/fake-platform';
import { fakeHubSpotSettings } from '../../test/fake-platform/settings';
import { createManualClock } from '../connectors/clock';
import { createHubSpotConnector } from '../connectors/hubspot';
import { createPlatformFetch } from '../connectors/platform-fetch';
import { makeOutcome } from '../connectors/test-outcome';
import { noWaitLimiter } from '../connectors/test-secrets';
import { Lead } from '../model';
import { openLooplineDB } from '../store/db';
import { getOutcome } from '../store/outcomes';
import { DEFAULT_BACKOFF, nextDelay } from './backoff';
import { createOutbox } from './outbox';

describe('nextDelay', () => {
  it('stays within the policy and honours a longer Retry-After', () => {
    for (let attempt = 1; attempt <= DEFAULT_BACKOFF.maxAttempts + 2; attempt++) {
      for (const random of [0, 0.5, 1]) {
        const delay = nextDelay(attempt, DEFAULT_BACKOFF, () => random);
        expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.baseMs / 2);
        expect(delay).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      }
    }
    expect(nextDelay(1, DEFAULT_BACKOFF, () => 0, 60_000)).toBe(60_000);
  });
});

describe('a permission taken back', () => {
  it('fails an outcome after one attempt, with the message to turn the source on again', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    let permissionChecks = 0;
    const connector = createHubSpotConnector({
      settings: fakeHubSpotSettings(platform),
      fetch: createPlatformFetch({
        fetch: asFetch(platform),
        hasHostPermission: async () => {
          permissionChecks++;
          return false;
        },
      }),
      clock,
      limiter: noWaitLimiter(),
    });
    const lead = Lead.parse({ email: SEED_EMAILS.mql, refs: [{ source: 'hubspot', id: '1' }] });
    const db = await openLooplineDB(`backoff-permission-${Math.random()}`);
    let now = 1_000_000;
    const scheduled: (number | null)[] = [];
    const outbox = createOutbox({
      db,
      deliver: (outcome, options) => connector.writeOutcome(lead, outcome, options),
      schedule: (when) => scheduled.push(when),
      now: () => now,
      random: () => 0.5,
      undoMs: 0,
    });
    const queued = await outbox.enqueue(makeOutcome({ leadEmail: lead.email, target: 'hubspot' }), [
      'hubspot',
    ]);
    for (let i = 0; i < DEFAULT_BACKOFF.maxAttempts; i++) {
      now += DEFAULT_BACKOFF.maxMs;
      await outbox.flush();
    }
    const stored = await getOutcome(db, queued.id);
    expect(stored).toMatchObject({ delivery: 'failed', attempts: 1 });
    expect(stored?.lastError).toMatch(/api\.hubapi\.com.*Options → Sources/);
    expect(permissionChecks).toBe(1);
    expect(platform.requests).toHaveLength(0);
    expect(scheduled.at(-1)).toBeNull();
  });
});
