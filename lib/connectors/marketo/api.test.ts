// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS, type FaultSpec } from '../../../test/fake-platform';
import { fakeMarketoSettings } from '../../../test/fake-platform/settings';
import { Lead } from '../../model';
import { makeOutcome } from '../test-outcome';
import {
  itLeaksNothingOnFaults,
  leakRunMessages,
  leaks,
  OTHER_SECRET,
  SECRET,
  type LeakRun,
} from '../test-secrets';
import { createMarketoConnector } from '.';
import { rejection, setup } from './test-setup';

describe('Marketo token renewal', () => {
  it.each([601, 602])('renews the token once on %i and carries on', async (code) => {
    const { platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', kind: 'marketo_error', code, times: 1 });
    expect((await connector.lookup(SEED_EMAILS.lead))?.name).toBe('Marcus Oyelaran');
    expect(platform.requestsTo('marketo', '/identity/oauth/token')).toHaveLength(2);
  });

  it('renews an expired token (a real 602 from the server)', async () => {
    const { platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    platform.expireMarketoTokens();
    expect((await connector.lookup(SEED_EMAILS.lead))?.name).toBe('Marcus Oyelaran');
    const statuses = platform.requestsTo('marketo', '/identity/oauth/token');
    expect(statuses).toHaveLength(2);
  });

  it('fetches a new token when the cached one has run out, before calling', async () => {
    const { clock, platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    await clock.advance(platform.config.marketo.tokenTtlSeconds * 1000);
    await connector.lookup(SEED_EMAILS.lead);
    expect(platform.requestsTo('marketo', '/identity/oauth/token')).toHaveLength(2);
    expect(platform.requests.filter((r) => r.fault === 'marketo_error')).toHaveLength(0);
  });

  it('gives up with an auth error when the renewed token is refused too', async () => {
    const { platform, connector } = setup();
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/leads.json',
      kind: 'marketo_error',
      code: 601,
      times: 2,
    });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/even after renewing/);
    expect(platform.requestsTo('marketo', '/rest/v1/leads.json')).toHaveLength(2);
  });

  it('reports bad client credentials as auth', async () => {
    const { connector } = setup({ clientSecret: 'wrong' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Bad client credentials');
  });
});

describe('Marketo errors (HTTP 200 with success:false)', () => {
  const cases: Array<[string, FaultSpec, string, RegExp, number | undefined]> = [
    [
      '606 rate limit',
      { kind: 'marketo_error', code: 606 },
      'rate_limited',
      /100 calls in 20 seconds/,
      20_000,
    ],
    ['607 daily quota', { kind: 'marketo_error', code: 607 }, 'quota', /daily API quota/, undefined],
    ['615 concurrency', { kind: 'marketo_error', code: 615 }, 'rate_limited', /concurrent/, 5_000],
    ['603 access denied', { kind: 'marketo_error', code: 603 }, 'scope', /permission/, undefined],
    ['611 system error', { kind: 'marketo_error', code: 611 }, 'server', /611/, undefined],
    [
      '1003 bad value',
      { kind: 'marketo_error', code: 1003, message: 'Invalid value' },
      'config',
      /1003: Invalid value/,
      undefined,
    ],
    ['HTTP 502', { kind: 'server_error', status: 502 }, 'server', /502/, undefined],
    ['malformed JSON', { kind: 'malformed' }, 'malformed', /Marketo lead: .*not valid JSON/, undefined],
    [
      'wrong types',
      { kind: 'wrong_types' },
      'malformed',
      /Marketo lead: result\[0\]\.id: expected number, received string/,
      undefined,
    ],
    ['truncated body', { kind: 'truncated' }, 'malformed', /cut off|truncated/, undefined],
    ['network down', { kind: 'network' }, 'network', /Could not reach 123-abc-456\.mktorest\.com/, undefined],
  ];

  it.each(cases)('%s → %s', async (_name, fault, kind, message, retryAfter) => {
    const { platform, connector } = setup();
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', ...fault });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe(kind);
    expect(error.source).toBe('marketo');
    expect(error.message).toMatch(message);
    if (retryAfter !== undefined) expect(error.retryAfterMs).toBe(retryAfter);
  });

  it('607 waits until midnight US Central', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', kind: 'marketo_error', code: 607 });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    // 2026-03-02T10:00Z is 04:00 in Chicago: 20 hours to midnight.
    expect(error.retryAfterMs).toBe(20 * 60 * 60 * 1000);
  });

  it('an unknown instance host is a network error naming it', async () => {
    const { connector } = setup({ baseUrl: 'https://999-ZZZ-999.mktorest.com' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('999-zzz-999.mktorest.com');
  });

  it('missing settings are a config error without any request', async () => {
    const { platform, connector } = setup({ baseUrl: '' });
    expect((await rejection(connector.lookup(SEED_EMAILS.mql))).kind).toBe('config');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('Marketo messages never carry any part of the client id or secret', () => {
  const clientId = OTHER_SECRET;
  const clientSecret = SECRET;
  const run = (credentials: { clientSecret?: string } = {}): LeakRun => ({
    source: 'marketo',
    accept: (platform) => Object.assign(platform.config.marketo, { clientId, clientSecret }),
    build: (platform, deps) =>
      createMarketoConnector({
        ...deps,
        settings: { ...fakeMarketoSettings(platform), clientId, clientSecret, ...credentials },
      }),
  });

  itLeaksNothingOnFaults('marketo', run(), [clientId, clientSecret]);

  it('when the identity service rejects the credentials, or echoes them in its error', async () => {
    const rejected = await leakRunMessages(run(), (p) => (p.config.marketo.clientSecret = 'someone-else'));
    const echoed = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'marketo',
        path: '/identity/oauth/token',
        kind: 'status',
        status: 401,
        body: { error: 'invalid_client', error_description: `Bad client ${clientId}:${clientSecret}` },
      }),
    );
    const enveloped = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'marketo',
        path: '/rest/',
        kind: 'marketo_error',
        code: 1003,
        message: `Value ${clientSecret.slice(3, 15)} rejected`,
      }),
    );
    expect(leaks([...rejected, ...echoed, ...enveloped], [clientId, clientSecret])).toEqual([]);
  });

  it('when a line break was pasted into the secret', async () => {
    const broken = `${SECRET.slice(0, 9)}\n${SECRET.slice(9)}`;
    const found = await leakRunMessages(run({ clientSecret: broken }));
    expect(leaks(found, [clientId, ...broken.split('\n')])).toEqual([]);
  });
});

describe('Marketo token request', () => {
  it('sends the client id and secret in a POST form body, never in the URL', async () => {
    const { platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    const [request] = platform.requestsTo('marketo', '/identity/oauth/token');
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...request!.query.keys()]).toEqual([]);
    const form = new URLSearchParams(request!.body as string);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(platform.config.marketo.clientId);
    expect(form.get('client_secret')).toBe(platform.config.marketo.clientSecret);
  });

  it('the fake refuses credentials in the query string, so a regression fails', async () => {
    const platform = createFakePlatform();
    const { clientId, clientSecret, munchkinId } = platform.config.marketo;
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const viaQuery = await asFetch(platform)(
      `https://${munchkinId}.mktorest.com/identity/oauth/token?${query}`,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: query },
    );
    expect(viaQuery.status).toBe(400);
    const viaGet = await asFetch(platform)(`https://${munchkinId}.mktorest.com/identity/oauth/token`);
    expect(viaGet.status).toBe(405);
  });

  it('a failed token request is never ambiguous: it changed nothing', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'marketo', path: '/identity/oauth/token', kind: 'server_error', status: 502 });
    const lead = Lead.parse({ email: SEED_EMAILS.mql, refs: [{ source: 'marketo', id: '1' }] });
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: SEED_EMAILS.mql, target: 'marketo' })),
    );
    expect(error.kind).toBe('server');
    expect(error.ambiguous).toBe(false);
  });
});
