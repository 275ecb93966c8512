// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../test/fake-platform';
import { fakeSettings } from '../../test/fake-platform/settings';
import { createManualClock } from './clock';
import { createConnector } from '.';
import { createLimiter } from './limiter';
import { ConnectorError, type Connector } from './types';

describe('createConnector', () => {
  it.each(['hubspot', 'marketo', 'mailchimp', 'rest'] as const)(
    'builds a %s connector that finds the seeded lead',
    async (source) => {
      const clock = createManualClock();
      const platform = createFakePlatform({ clock });
      const connector = createConnector(source, fakeSettings(platform), { fetch: asFetch(platform), clock });
      expect(connector.id).toBe(source);
      const lead = await connector.lookup(SEED_EMAILS.mql);
      expect(lead?.refs[0]?.source).toBe(source);
      expect((await connector.history(lead!)).length).toBeGreaterThan(0);
    },
  );

  it('uses the settings’ history window', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    const settings = { ...fakeSettings(platform), historyDays: 7 };
    const connector = createConnector('rest', settings, { fetch: asFetch(platform), clock });
    const touchpoints = await connector.history((await connector.lookup(SEED_EMAILS.mql))!);
    const start = new Date(clock.now() - 7 * 24 * 60 * 60 * 1000).toISOString();
    expect(touchpoints.every((t) => t.occurredAt >= start)).toBe(true);
    expect(touchpoints.length).toBeGreaterThan(0);
  });

  it('shares the given limiter between connectors of one platform', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    const limiter = createLimiter({ maxConcurrent: 1, perWindow: 100, windowMs: 1000, clock });
    platform.fault({ kind: 'latency', ms: 50 });
    const make = () =>
      createConnector('rest', fakeSettings(platform), {
        fetch: asFetch(platform),
        clock,
        limiters: { rest: limiter },
      });
    const both = Promise.all([make().lookup(SEED_EMAILS.mql), make().lookup(SEED_EMAILS.lead)]);
    await clock.advance(25);
    expect(platform.requests).toHaveLength(1);
    await clock.advance(25);
    expect(platform.requests).toHaveLength(2);
    await clock.advance(50);
    await both;
    expect(limiter.peakActive).toBe(1);
  });

  it('uses the local hook, and says so when it is missing', () => {
    const platform = createFakePlatform();
    const local = { id: 'local' } as Connector;
    expect(
      createConnector('local', fakeSettings(platform), { fetch: asFetch(platform), local: () => local }),
    ).toBe(local);
    expect(() => createConnector('local', fakeSettings(platform), { fetch: asFetch(platform) })).toThrow(
      ConnectorError,
    );
  });
});
