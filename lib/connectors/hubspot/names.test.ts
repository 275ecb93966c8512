// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../../test/fake-platform';
import { SEARCH_MAX_LIMIT } from '../../../test/fake-platform/hubspot-search';
import { MAX_NAME_MATCHES } from '../types';
import { nameSearchBody, splitName } from './names';
import { rejection, setup } from './test-setup';

const SEARCH = '/crm/v3/objects/contacts/search';

describe('splitName', () => {
  it('reads "Last, First" as written and "First Last" at every split point', () => {
    expect(splitName('Doe, Jane')).toEqual([{ firstname: 'Jane', lastname: 'Doe' }]);
    expect(splitName('  Jane   Doe ')).toEqual([{ firstname: 'Jane', lastname: 'Doe' }]);
    expect(splitName('Mary Ann van Dyke')).toEqual([
      { firstname: 'Mary', lastname: 'Ann van Dyke' },
      { firstname: 'Mary Ann', lastname: 'van Dyke' },
      { firstname: 'Mary Ann van', lastname: 'Dyke' },
    ]);
  });

  it('does not search a single word or an empty side of a comma', () => {
    expect(splitName('Jane')).toEqual([]);
    expect(splitName('   ')).toEqual([]);
    expect(splitName('Doe,')).toEqual([]);
    expect(splitName(', Jane')).toEqual([]);
  });

  it('never builds more filter groups than HubSpot takes', () => {
    const body = nameSearchBody('a b c d e f g h i j');
    expect(body?.filterGroups).toHaveLength(5);
  });
});

describe('HubSpot findByName', () => {
  it('searches contacts by first and last name and maps the matches', async () => {
    const { platform, connector } = setup();
    const matches = await connector.findByName!('Ava Chen');
    expect(matches).toEqual([
      {
        email: SEED_EMAILS.mql,
        name: 'Ava Chen',
        company: 'Northwind Robotics',
        title: 'VP Operations',
        source: 'hubspot',
      },
    ]);
    const [request] = platform.requestsTo('hubspot', SEARCH);
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe(`Bearer ${platform.config.hubspot.token}`);
    expect(request?.body).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'firstname', operator: 'EQ', value: 'Ava' },
            { propertyName: 'lastname', operator: 'EQ', value: 'Chen' },
          ],
        },
      ],
      properties: ['email', 'firstname', 'lastname', 'company', 'jobtitle'],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
      limit: MAX_NAME_MATCHES * 2,
    });
  });

  it('finds "Last, First" and other case the same person', async () => {
    const { connector } = setup();
    expect((await connector.findByName!('Chen, Ava')).map((m) => m.email)).toEqual([SEED_EMAILS.mql]);
    expect((await connector.findByName!('ava CHEN')).map((m) => m.email)).toEqual([SEED_EMAILS.mql]);
  });

  it('offers namesakes, at most MAX_NAME_MATCHES, dropping contacts without a usable address', async () => {
    const { platform, connector } = setup();
    for (let i = 0; i < 8; i++)
      platform.addLead({ email: `jane.doe${i}@acme${i}.example`, firstName: 'Jane', lastName: 'Doe' });
    platform.addLead({ email: 'broken@acme.example', firstName: 'Jane', lastName: 'Doe' });
    platform.lead('broken@acme.example')!.hubspotProps.email = 'not an address';
    const matches = await connector.findByName!('Jane Doe');
    expect(matches).toHaveLength(MAX_NAME_MATCHES);
    expect(matches.every((m) => /^jane\.doe\d@acme\d\.example$/.test(m.email))).toBe(true);
    expect(new Set(matches.map((m) => m.email)).size).toBe(MAX_NAME_MATCHES);
  });

  it('answers [] for nobody, and asks nothing for a single word', async () => {
    const { platform, connector } = setup();
    expect(await connector.findByName!('Nobody Known')).toEqual([]);
    const before = platform.requests.length;
    expect(await connector.findByName!('Ava')).toEqual([]);
    expect(platform.requests.length).toBe(before);
  });

  it('asks for fewer contacts than HubSpot pages at most, and never pages', async () => {
    const { platform, connector } = setup();
    for (let i = 0; i < 30; i++)
      platform.addLead({ email: `j${i}@many.example`, firstName: 'Jane', lastName: 'Many' });
    await connector.findByName!('Jane Many');
    const requests = platform.requestsTo('hubspot', SEARCH);
    expect(requests).toHaveLength(1);
    expect((requests[0]!.body as { limit: number }).limit).toBeLessThanOrEqual(SEARCH_MAX_LIMIT);
    expect((requests[0]!.body as { after?: unknown }).after).toBeUndefined();
  });

  it('calls a malformed answer malformed', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', path: SEARCH, kind: 'wrong_types' });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('malformed');
    platform.fault({ host: 'hubspot', path: SEARCH, kind: 'malformed' });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('malformed');
  });

  it('names a missing scope and a bad token as HubSpot does', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.scopes.delete('crm.objects.contacts.read');
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('scope');
    platform.config.hubspot.scopes.add('crm.objects.contacts.read');
    platform.config.hubspot.token = 'pat-revoked';
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('auth');
  });

  it('is throttled by a 429 like every other HubSpot call', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', path: SEARCH, kind: 'rate_limit', times: 1 });
    const error = await rejection(connector.findByName!('Ava Chen'));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(10_000);
  });

  it('needs a token before anything is sent', async () => {
    const { platform, connector } = setup({ token: '' });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('config');
    expect(platform.requests).toHaveLength(0);
  });

  it('keeps to the search endpoint own rate: the fifth search in a second waits', async () => {
    const { clock, platform, connector } = setup();
    const searches = Array.from({ length: 5 }, () => connector.findByName!('Ava Chen'));
    await Promise.all(searches.slice(0, 4));
    expect(platform.requestsTo('hubspot', SEARCH)).toHaveLength(4);
    await clock.advance(1000);
    await searches[4];
    expect(platform.requestsTo('hubspot', SEARCH)).toHaveLength(5);
  });
});

describe('fake HubSpot contact search', () => {
  async function search(body: unknown) {
    const platform = createFakePlatform();
    const response = await asFetch(platform)(`https://api.hubapi.com${SEARCH}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${platform.config.hubspot.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const group = { filters: [{ propertyName: 'lastname', operator: 'EQ', value: 'chen' }] };

  it('answers total, results with the asked properties, and a cursor when more follow', async () => {
    const all = await search({ limit: 1, properties: ['email'] });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.paging).toEqual({ next: { after: '1', link: '' } });
    const one = await search({ filterGroups: [group], properties: ['email', 'jobtitle'] });
    expect(one.body.total).toBe(1);
    expect(one.body.results).toMatchObject([
      { properties: { email: SEED_EMAILS.mql, jobtitle: 'VP Operations' }, archived: false },
    ]);
    expect(one.body.paging).toBeUndefined();
  });

  it('refuses what HubSpot refuses, with its VALIDATION_ERROR', async () => {
    for (const body of [
      { filterGroups: Array.from({ length: 6 }, () => group) },
      { limit: SEARCH_MAX_LIMIT + 1 },
      { limit: 100, after: 9_950 },
    ]) {
      const answer = await search(body);
      expect(answer.status).toBe(400);
      expect(answer.body.category).toBe('VALIDATION_ERROR');
    }
  });
});
