// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../settings/schema';
import {
  hostCovers,
  hostPatternsFor,
  hostsOverlap,
  validateMatchPattern,
  validateSelector,
} from './patterns';

function settingsWith(change: (settings: Settings) => void): Settings {
  const settings = structuredClone(defaultSettings()); // defaults share references; never mutate them
  change(settings);
  return settings;
}

describe('hostPatternsFor', () => {
  const cases: [string, Parameters<typeof hostPatternsFor>[0], (s: Settings) => void, string[] | RegExp][] = [
    ['local needs nothing', 'local', () => {}, []],
    ['HubSpot, US host', 'hubspot', () => {}, ['https://api.hubapi.com/*']],
    [
      'HubSpot, EU host',
      'hubspot',
      (s) => void (s.sources.hubspot.apiHost = 'api-eu1.hubapi.com'),
      ['https://api-eu1.hubapi.com/*'],
    ],
    [
      'Marketo narrowed to the instance, lower-cased',
      'marketo',
      (s) => void (s.sources.marketo.baseUrl = 'https://123-ABC-456.mktorest.com/rest'),
      ['https://123-abc-456.mktorest.com/*'],
    ],
    ['Marketo without a base URL', 'marketo', () => {}, /Enter the Marketo base URL/],
    [
      'Marketo with http',
      'marketo',
      (s) => void (s.sources.marketo.baseUrl = 'http://1.mktorest.com'),
      /https/,
    ],
    [
      'Mailchimp narrowed to the key’s data centre',
      'mailchimp',
      (s) => void (s.sources.mailchimp.apiKey = '0123456789abcdef0123456789abcdef-us21'),
      ['https://us21.api.mailchimp.com/*'],
    ],
    [
      'Mailchimp with a masked key keeps every data centre',
      'mailchimp',
      (s) => void (s.sources.mailchimp.apiKey = '••••••••'),
      ['https://*.api.mailchimp.com/*'],
    ],
    [
      'REST: the origin, port left out',
      'rest',
      (s) => void (s.sources.rest.baseUrl = 'https://Leads.Example.com:8443/api/v1'),
      ['https://leads.example.com/*'],
    ],
    ['REST without a base URL', 'rest', () => {}, /Enter the REST endpoint base URL/],
    ['REST with garbage', 'rest', (s) => void (s.sources.rest.baseUrl = 'not a url'), /not a URL/],
  ];

  it.each(cases)('%s', (_name, source, change, expected) => {
    const result = hostPatternsFor(source, settingsWith(change));
    if (expected instanceof RegExp) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(expected);
    } else {
      expect(result).toEqual({ ok: true, value: expected });
    }
  });
});

describe('validateMatchPattern', () => {
  const accepted: [string, string][] = [
    ['https://crm.example.com/*', 'https://crm.example.com/*'],
    ['  HTTPS://CRM.Example.com/app/*  ', 'https://crm.example.com/app/*'],
    ['https://*.example.com/*', 'https://*.example.com/*'],
    ['https://*.crm.example.co.uk/records/*', 'https://*.crm.example.co.uk/records/*'],
    ['https://localhost/*', 'https://localhost/*'],
  ];
  it.each(accepted)('accepts %s', (input, normalized) => {
    expect(validateMatchPattern(input)).toEqual({ ok: true, value: normalized });
  });

  const rejected: [string, RegExp][] = [
    ['', /Enter the address pattern/],
    ['<all_urls>', /every website/],
    ['*://*/*', /https:\/\//],
    ['https://*/*', /every website/],
    ['https://*/crm/*', /every website/],
    ['http://crm.example.com/*', /Start the pattern with https:\/\/ \(not http:\/\/\)/],
    ['*://crm.example.com/*', /not \*:\/\//],
    ['ftp://crm.example.com/*', /not ftp/],
    ['https:///records/*', /names no host/],
    ['https://crm.example.com', /Add a path/],
    ['crm.example.com/*', /not an address pattern/],
    ['https://crm.example.com:8443/*', /port/],
    ['https://crm.*.example.com/*', /may only come first/],
    ['https://*crm.example.com/*', /may only come first/],
    ['https://*.com/*', /every site under \.com/],
    ['https://crm_example.com/*', /not a valid host name/],
    ['https://-crm.example.com/*', /not a valid host name/],
    ['https://user@crm.example.com/*', /user name/],
    ['https://mail.google.com/*', /built-in support for Gmail/],
    ['https://*.google.com/*', /built-in support for Gmail/],
    ['https://acme.lightning.force.com/*', /Salesforce/],
    ['https://acme.pipedrive.com/deals/*', /Pipedrive/],
    [`https://crm.example.com/${'a'.repeat(500)}`, /too long/],
  ];
  it.each(rejected)('rejects %s', (input, message) => {
    const result = validateMatchPattern(input);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});

describe('validateSelector', () => {
  it.each(['', '   ', '#email', '[data-field="email"]', 'main .contact a[href^="mailto:"]'])(
    'accepts %j',
    (selector) => {
      expect(validateSelector(selector).ok).toBe(true);
    },
  );

  it('reports what the browser refuses to parse', () => {
    const throwing = {
      createDocumentFragment: () => ({
        querySelector: () => {
          throw new SyntaxError("'div[' is not a valid selector");
        },
      }),
    } as unknown as Document;
    const result = validateSelector('div[', throwing);
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/"div\[" is not a valid CSS selector/) },
    });
  });

  it.each(['div[', '##x', 'a:::b'])('rejects %s with the real DOM', (selector) => {
    expect(validateSelector(selector).ok).toBe(false);
  });

  it('rejects an over-long selector', () => {
    expect(validateSelector('a'.repeat(501)).ok).toBe(false);
  });
});

describe('host relations', () => {
  it.each([
    ['https://*.mktorest.com/*', 'https://1-a.mktorest.com/*', true],
    ['https://1-a.mktorest.com/*', 'https://*.mktorest.com/*', false],
    ['https://*.example.com/*', 'https://*.crm.example.com/*', true],
    ['https://a.example.com/*', 'https://b.example.com/*', false],
    ['https://*/*', 'https://x.example.com/*', true],
    ['<all_urls>', 'https://x.example.com/*', true],
    ['https://x.example.com/*', 'https://*/*', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(hostCovers(outer, inner)).toBe(expected);
  });

  it('overlap is symmetric', () => {
    expect(hostsOverlap('https://1-a.mktorest.com/*', 'https://*.mktorest.com/*')).toBe(true);
    expect(hostsOverlap('https://*.mktorest.com/*', 'https://1-a.mktorest.com/*')).toBe(true);
    expect(hostsOverlap('https://*.a.com/*', 'https://*.b.com/*')).toBe(false);
  });
});
