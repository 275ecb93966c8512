// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createFakePlatform, SEED_EMAILS, type FaultSpec } from '../../../test/fake-platform';
import { fakeMailchimpSettings } from '../../../test/fake-platform/settings';
import { md5 } from '../md5';
import {
  itLeaksNothingOnFaults,
  leakRunMessages,
  leaks,
  OTHER_SECRET,
  SECRET,
  type LeakRun,
} from '../test-secrets';
import { createMailchimpConnector, dataCentreOf, mailchimpWriteBackReadiness, subscriberHash } from '.';
import { mailchimp } from './definition';
import { rejection, setup } from './test-setup';

describe('dataCentreOf', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef-us21', 'us21'],
    ['0123456789abcdef-US7', 'us7'],
  ])('%s → %s', (key, dc) => {
    expect(dataCentreOf(key)).toEqual({ ok: true, value: dc });
  });

  it.each([
    ['', /no API key/],
    ['0123456789abcdef0123456789abcdef', /no data centre after the dash/],
    ['0123456789abcdef-', /no data centre after the dash/],
    ['0123456789abcdef-zzz', /what follows the last dash of the API key is not a data centre/],
    ['0123456789abcdef-Qz7Xk9Wv3Jp5', /what follows the last dash of the API key is not a data centre/],
    ['0123456789abcdéf-us21', /characters no API key has/],
    ['0123456789abcdef\n-us21', /characters no API key has/],
  ])('%j is a config problem: %s', (key, message) => {
    const result = dataCentreOf(key);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('never quotes the key, not even what follows its dash', () => {
    for (const key of ['0123456789abcdef-zzzz', 'Qz7Xk9Wv3Jp5-Rt8Ym2Nb', 'Rt8Ym2NbQz7Xk9Wv3Jp5']) {
      const result = dataCentreOf(key);
      expect(result.ok).toBe(false);
      if (!result.ok) for (const part of key.split('-')) expect(result.error.message).not.toContain(part);
    }
  });
});

describe('the data centre a key names', () => {
  it.each([
    ['0123456789abcdef-us21', 'us21'],
    ['0123456789abcdef-US7', 'us7'],
    ['0123456789abcdef-usx21', null],
    ['0123456789abcdef-us', null],
    ['0123456789abcdef-us1234', null],
    ['0123456789abcdef', null],
  ])('%s: the host asked for, "set up" and the host called agree (%s)', (apiKey, dc) => {
    const settings = { enabled: true, apiKey, ttlMinutes: 15 };
    expect(mailchimp.isConfigured(settings)).toBe(dc !== null);
    const hosts = mailchimp.hostPatterns(settings);
    expect(hosts).toEqual({
      ok: true,
      value: [dc ? `https://${dc}.api.mailchimp.com/*` : 'https://*.api.mailchimp.com/*'],
    });
    const called = dataCentreOf(apiKey);
    expect(called.ok ? called.value : null).toBe(dc);
  });
});

describe('subscriberHash', () => {
  it('is the MD5 of the trimmed, lower-cased address', () => {
    expect(subscriberHash('  Ava.Chen@Example.COM ')).toBe(md5('ava.chen@example.com'));
  });
});

describe('Mailchimp faults', () => {
  const cases: Array<[string, FaultSpec, string, RegExp, number | undefined]> = [
    ['429', { kind: 'rate_limit' }, 'rate_limited', /throttling requests \(429\)/, 10_000],
    ['429 with Retry-After', { kind: 'rate_limit', retryAfterSeconds: 4 }, 'rate_limited', /429/, 4_000],
    ['bare 403', { kind: 'bare_403' }, 'rate_limited', /throttling requests \(403\)/, 10_000],
    [
      '403 with a reason',
      { kind: 'status', status: 403, body: { title: 'Forbidden', status: 403, detail: 'User disabled' } },
      'scope',
      /User disabled/,
      undefined,
    ],
    ['500', { kind: 'server_error', status: 500 }, 'server', /server error \(500\)/, undefined],
    ['malformed JSON', { kind: 'malformed' }, 'malformed', /not valid JSON/, undefined],
    [
      'wrong types',
      { kind: 'wrong_types' },
      'malformed',
      /Mailchimp member search: exact_matches\.members\[0\]\.status: expected string, received number/,
      undefined,
    ],
    ['truncated body', { kind: 'truncated' }, 'malformed', /cut off|truncated/, undefined],
    ['network down', { kind: 'network' }, 'network', /us21\.api\.mailchimp\.com/, undefined],
  ];

  it.each(cases)('%s → %s', async (_name, fault, kind, message, retryAfter) => {
    const { platform, connector } = setup();
    platform.fault({ host: 'mailchimp', path: '/3.0/search-members', ...fault });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe(kind);
    expect(error.source).toBe('mailchimp');
    expect(error.message).toMatch(message);
    if (retryAfter !== undefined) expect(error.retryAfterMs).toBe(retryAfter);
  });

  it('a key for another data centre is refused at that data centre, naming it', async () => {
    const { platform, connector } = setup({ apiKey: '0123456789abcdef0123456789abcdef-us19' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('us19');
    expect(error.message).toContain('wrong datacenter');
    expect(platform.requests[0]?.host).toBe('us19.api.mailchimp.com');
  });

  it('a key without a data centre is a config error and sends nothing', async () => {
    const { platform, connector } = setup({ apiKey: '0123456789abcdef0123456789abcdef' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('config');
    expect(error.message).toContain('data centre');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('Mailchimp test()', () => {
  it('names the account, data centre and audiences', async () => {
    const { connector } = setup();
    expect(await connector.test()).toEqual({
      ok: true,
      value: {
        detail: 'Connected to Mailchimp account “Loopline Test” (data centre us21); 1 audience.',
        writeBack: { ready: true },
      },
    });
  });

  it('is connected but not ready without an audience', async () => {
    const { platform, connector } = setup();
    platform.fault({
      host: 'mailchimp',
      path: /^\/3\.0\/lists$/,
      kind: 'status',
      status: 200,
      body: { lists: [], total_items: 0 },
    });
    expect(await connector.test()).toEqual({
      ok: true,
      value: {
        detail:
          'Connected to Mailchimp account “Loopline Test” (data centre us21); outcomes cannot be written back: the account has no audience, so no lead can be found or written back.',
        writeBack: {
          ready: false,
          missing: 'the account has no audience, so no lead can be found or written back',
          fix: 'platform',
        },
      },
    });
  });

  it('readiness without asking: a usable key', () => {
    const platform = createFakePlatform();
    expect(mailchimpWriteBackReadiness(fakeMailchimpSettings(platform))).toEqual({ ready: true });
    expect(mailchimpWriteBackReadiness(fakeMailchimpSettings(platform, { apiKey: '' }))).toEqual({
      ready: false,
      missing: 'Mailchimp: no API key is set. Add one in Options.',
      fix: 'sources',
    });
  });

  it('reports a wrong key', async () => {
    const { connector } = setup({ apiKey: 'ffffffffffffffffffffffffffffffff-us21' });
    expect(await connector.test()).toMatchObject({ ok: false, error: { kind: 'auth' } });
  });
});

describe('Mailchimp messages never carry any part of the key', () => {
  // The data centre after the dash names the public API host; the rest is the secret.
  const key = `${SECRET}-us21`;
  const run = (apiKey = key): LeakRun => ({
    source: 'mailchimp',
    accept: (platform) => (platform.config.mailchimp.apiKey = key),
    build: (platform, deps) =>
      createMailchimpConnector({ ...deps, settings: { ...fakeMailchimpSettings(platform), apiKey } }),
  });

  itLeaksNothingOnFaults('mailchimp', run(), [SECRET]);

  it('when Mailchimp rejects the key, or echoes it in its error', async () => {
    const rejected = await leakRunMessages(
      run(),
      (p) => (p.config.mailchimp.apiKey = `${OTHER_SECRET}-us21`),
    );
    const echoed = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'mailchimp',
        kind: 'status',
        status: 400,
        body: { title: 'Invalid Resource', detail: `The key ${key} is not valid here`, status: 400 },
      }),
    );
    expect(leaks([...rejected, ...echoed], [SECRET])).toEqual([]);
  });

  it.each([
    ['a part after the dash that is no data centre', `${SECRET}-${OTHER_SECRET}`],
    ['no dash at all', `${SECRET}${OTHER_SECRET}`],
    ['a line break in it', `${SECRET}\n${OTHER_SECRET}-us21`],
  ])('when the key is malformed: %s', async (_name, apiKey) => {
    const found = await leakRunMessages(run(apiKey));
    expect(leaks(found, [apiKey.replace(/-us21$/, ''), SECRET, OTHER_SECRET])).toEqual([]);
  });
});
