// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../../test/fake-platform';
import { MAX_NAME_MATCHES } from '../types';
import { rejection, setup } from './test-setup';

const NAMES = /^\/leads$/;

describe('REST findByName', () => {
  it('asks GET /leads?name= with the auth header and maps the matches', async () => {
    const { platform, connector } = setup();
    const matches = await connector.findByName!('  Chen, Ava ');
    expect(matches).toEqual([
      {
        email: SEED_EMAILS.mql,
        name: 'Ava Chen',
        company: 'Northwind Robotics',
        title: 'VP Operations',
        source: 'rest',
      },
    ]);
    const [request] = platform.requestsTo('rest', '/leads');
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/leads');
    expect(request?.query.get('name')).toBe('Chen, Ava');
    expect(request?.headers[platform.config.rest.authHeader.toLowerCase()]).toBe(
      platform.config.rest.authValue,
    );
  });

  it('answers [] for nobody and for a blank name, which it does not send', async () => {
    const { platform, connector } = setup();
    expect(await connector.findByName!('Nobody Known')).toEqual([]);
    const before = platform.requests.length;
    expect(await connector.findByName!('   ')).toEqual([]);
    expect(platform.requests.length).toBe(before);
  });

  it('sends at most 200 characters of a name', async () => {
    const { platform, connector } = setup();
    await connector.findByName!('x'.repeat(500));
    expect(platform.requestsTo('rest', '/leads')[0]?.query.get('name')).toHaveLength(200);
  });

  for (const status of [404, 501]) {
    it(`takes ${status} as "does not search by names": [] and asks again next time`, async () => {
      const { platform, connector } = setup();
      platform.fault({
        host: 'rest',
        path: NAMES,
        kind: 'status',
        status,
        body: { error: { message: 'no' } },
      });
      expect(await connector.findByName!('Ava Chen')).toEqual([]);
      expect(await connector.findByName!('Ava Chen')).toEqual([]);
      expect(platform.requestsTo('rest', '/leads')).toHaveLength(2);
      // A lookup by address still works and is not affected.
      expect((await connector.lookup(SEED_EMAILS.mql))?.email).toBe(SEED_EMAILS.mql);
    });
  }

  it('still fails on other errors, which the sidebar names', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'rest', path: NAMES, kind: 'server_error', status: 500, times: 1 });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('server');
    platform.config.rest.authValue = 'changed';
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('auth');
  });

  it('calls wrong types, too many matches and an answer for another name malformed', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'rest', path: NAMES, kind: 'wrong_types', times: 1 });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('malformed');
    const many = Array.from({ length: 101 }, (_, i) => ({ email: `p${i}@x.example` }));
    platform.fault({
      host: 'rest',
      path: NAMES,
      kind: 'status',
      status: 200,
      body: { name: 'Ava Chen', matches: many },
      times: 1,
    });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('malformed');
    // A backend that ignores ?name= and lists its leads must not be taken for an answer.
    platform.fault({
      host: 'rest',
      path: NAMES,
      kind: 'status',
      status: 200,
      body: { name: '', matches: [{ email: 'someone@else.example', name: 'Someone Else' }] },
      times: 1,
    });
    const error = await rejection(connector.findByName!('Ava Chen'));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/not the name asked for/);
  });

  it('drops unusable or repeated addresses and offers at most MAX_NAME_MATCHES', async () => {
    const { platform, connector } = setup();
    const matches = [
      { email: 'not an address', name: 'Jane Doe' },
      { email: 'Jane@Acme.example', name: 'Jane Doe', company: null },
      { email: 'jane@acme.example', name: 'Jane Doe' },
      ...Array.from({ length: 8 }, (_, i) => ({ email: `jd${i}@x.example` })),
    ];
    platform.fault({
      host: 'rest',
      path: NAMES,
      kind: 'status',
      status: 200,
      body: { name: 'Jane Doe', matches },
    });
    const found = await connector.findByName!('Jane Doe');
    expect(found).toHaveLength(MAX_NAME_MATCHES);
    expect(found[0]).toEqual({ email: 'jane@acme.example', name: 'Jane Doe', source: 'rest' });
    // A match without a name is offered under the name asked for.
    expect(found[1]).toEqual({ email: 'jd0@x.example', name: 'Jane Doe', source: 'rest' });
  });

  it('needs a base URL', async () => {
    const { platform, connector } = setup({ baseUrl: '' });
    expect((await rejection(connector.findByName!('Ava Chen'))).kind).toBe('config');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('fake REST backend: name search', () => {
  it('answers the name it was asked, matched without regard to case, accents or order', async () => {
    const platform = createFakePlatform();
    const get = async (query: string) => {
      const response = await asFetch(platform)(`https://rest.loopline.test/leads?${query}`, {
        headers: { [platform.config.rest.authHeader]: platform.config.rest.authValue },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const found = await get(new URLSearchParams({ name: 'chen, ÁVA' }).toString());
    expect(found.status).toBe(200);
    expect(found.body.name).toBe('chen, ÁVA');
    expect(found.body.matches).toMatchObject([{ email: SEED_EMAILS.mql }]);
    expect((await get('')).status).toBe(400);
    expect((await get('name=%20')).status).toBe(400);
  });
});
