// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS, type FaultSpec } from '../../test/fake-platform';
import {
  fakeHubSpotSettings,
  fakeMailchimpSettings,
  fakeMarketoSettings,
  fakeRestSettings,
} from '../../test/fake-platform/settings';
import { createManualClock } from './clock';
import { createHubSpotConnector } from './hubspot';
import { boundedArray, boundedRecord } from './limits';
import { createMailchimpConnector } from './mailchimp';
import { createMarketoConnector } from './marketo';
import { createRestConnector } from './rest';
import { noWaitLimiter } from './test-secrets';
import { ConnectorError, type Connector } from './types';

describe('boundedArray and boundedRecord', () => {
  it('accept up to the bound and refuse past it with a message naming it', () => {
    expect(boundedArray(z.number(), 3).safeParse([1, 2, 3]).success).toBe(true);
    const tooLong = boundedArray(z.number(), 3).safeParse([1, 2, 3, 4]);
    expect(tooLong.error?.issues[0]?.message).toBe('more than 3 entries; Loopline reads at most 3 here');
    expect(boundedRecord(z.number(), 2).safeParse({ a: 1, b: 2 }).success).toBe(true);
    const tooMany = boundedRecord(z.number(), 2).safeParse({ a: 1, b: 2, c: 3 });
    expect(tooMany.error?.issues[0]?.message).toBe('more than 2 entries; Loopline reads at most 2 here');
  });
});

/** Repeats the first item of the list at `key` until the list is `length` long. */
function stretch(key: string, length: number, fallback: unknown) {
  return (body: unknown) => {
    const record = body as Record<string, unknown[] | undefined>;
    const first = record[key]?.[0] ?? fallback;
    return { ...record, [key]: Array.from({ length }, () => first) };
  };
}

type Case = [
  name: string,
  make: (platform: ReturnType<typeof createFakePlatform>) => Connector,
  fault: FaultSpec,
  message: RegExp,
];

const clock = createManualClock();
const common = { clock, limiter: noWaitLimiter() };
const cases: Case[] = [
  [
    'HubSpot email events past a page of 1000',
    (p) => createHubSpotConnector({ ...common, settings: fakeHubSpotSettings(p), fetch: asFetch(p) }),
    {
      host: 'hubspot',
      path: '/email/public/v1/events',
      kind: 'wrong_types',
      mutate: stretch('events', 1001, { id: 'e', created: 0, type: 'SENT' }),
    },
    /^HubSpot email events: events: more than 1000 entries/,
  ],
  [
    'a Mailchimp activity feed past a page of 1000',
    (p) => createMailchimpConnector({ ...common, settings: fakeMailchimpSettings(p), fetch: asFetch(p) }),
    {
      host: 'mailchimp',
      path: /\/activity-feed$/,
      kind: 'wrong_types',
      mutate: stretch('activity', 1001, { activity_type: 'open', created_at_timestamp: '2026-01-01' }),
    },
    /^Mailchimp activity feed: activity: more than 1000 entries/,
  ],
  [
    'Marketo activities past a batch of 300',
    (p) => createMarketoConnector({ ...common, settings: fakeMarketoSettings(p), fetch: asFetch(p) }),
    {
      host: 'marketo',
      path: '/rest/v1/activities.json',
      kind: 'wrong_types',
      mutate: stretch('result', 301, {
        leadId: 1,
        activityDate: '2026-01-01T00:00:00Z',
        activityTypeId: 1,
        attributes: [],
      }),
    },
    /^Marketo activities: result: more than 300 entries/,
  ],
  [
    'a REST lead with more than 5000 touchpoints',
    (p) => createRestConnector({ ...common, settings: fakeRestSettings(p), fetch: asFetch(p) }),
    {
      host: 'rest',
      path: '/leads/',
      kind: 'wrong_types',
      mutate: stretch('touchpoints', 5001, { id: 't', occurredAt: '2026-01-01T00:00:00Z', kind: 'other' }),
    },
    /^REST lead: touchpoints: more than 5000 entries/,
  ],
];

describe('platform answers past a bound', () => {
  it.each(cases)('%s are a malformed error, not kept', async (_name, make, fault, message) => {
    const platform = createFakePlatform({ clock });
    const connector = make(platform);
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault(fault);
    const error = await connector.history(lead).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('malformed');
    expect((error as ConnectorError).retryable).toBe(false);
    expect((error as ConnectorError).message).toMatch(message);
  });
});
