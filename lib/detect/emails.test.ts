import { describe, expect, it } from 'vitest';
import { domainOf, extractEmails, mailtoAddresses, normalizeEmail } from './emails';

describe('normalizeEmail', () => {
  it.each([
    ['ada@acme.com', 'ada@acme.com'],
    ['  Ada.Lovelace@ACME.com ', 'ada.lovelace@acme.com'],
    ['ada+crm@sub.acme.co.uk', 'ada+crm@sub.acme.co.uk'],
    ["o'brien@brightwater.ie", "o'brien@brightwater.ie"],
    ['ada@acme', null],
    ['ada@', null],
    ['@acme.com', null],
    ['ada acme.com', null],
    ['ada [at] acme.com', null],
    ['ada(at)acme.com', null],
    ['ada@acme..com', null],
    ['.ada@acme.com', null],
    ['ada.@acme.com', null],
    ['ada..x@acme.com', null],
    ['"ada"@acme.com', null],
    ['<ada@acme.com>', null],
    ['ada@acme.com, bob@acme.com', null],
    [`${'a'.repeat(65)}@acme.com`, null],
    [`ada@${'a'.repeat(400)}.com`, null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('mailtoAddresses', () => {
  it.each([
    ['mailto:ada@acme.com', ['ada@acme.com']],
    ['MAILTO:Ada@Acme.com', ['ada@acme.com']],
    ['mailto:ada@acme.com?subject=Hello&cc=boss@acme.com&body=x', ['ada@acme.com']],
    ['mailto:ada%40acme.com', ['ada@acme.com']],
    ['mailto:ada@acme.com,bob@acme.com', ['ada@acme.com', 'bob@acme.com']],
    ['mailto:ada@acme.com,%20ADA@acme.com', ['ada@acme.com']],
    ['mailto:?to=ada@acme.com', []],
    ['mailto:%E0%A4%A', []],
    ['mailto:not-an-address', []],
    ['https://acme.com/?mail=ada@acme.com', []],
    ['javascript:alert(1)//mailto:ada@acme.com', []],
    ['', []],
    [null, []],
  ])('%j → %j', (href, expected) => {
    expect(mailtoAddresses(href)).toEqual(expected);
  });

  it('reads at most ten addresses from one link', () => {
    const many = Array.from({ length: 50 }, (_, i) => `p${i}@acme.com`).join(',');
    expect(mailtoAddresses(`mailto:${many}`)).toHaveLength(10);
  });
});

describe('extractEmails', () => {
  it.each([
    ['Write to Ada@Acme.com today.', ['ada@acme.com']],
    ['Contact: ada@acme.com, bob@acme.co.uk; ada@acme.com again', ['ada@acme.com', 'bob@acme.co.uk']],
    ['(ada@acme.com)', ['ada@acme.com']],
    ['<ada@acme.com>', ['ada@acme.com']],
    ['ada [at] acme.com or ada(at)acme.com or ada at acme dot com', []],
    ['ada @ acme.com', []],
    ['see https://acme.com/?u=ada@acme.com and /users/ada@acme.com', []],
    ['retina logo@2x.png and icon@3x.webp', []],
    ['ada@acme.com@evil.com', []],
    ['trailing dot ada@acme.com.', ['ada@acme.com']],
    ['> On Mon, Ada <ada@acme.com> wrote:', ['ada@acme.com']],
  ])('%j → %j', (text, expected) => {
    expect(extractEmails(text)).toEqual(expected);
  });

  it('reads at most maxChars and never half an address at the cut', () => {
    const text = `${'x '.repeat(50)}ada@acme.com bob@acme.com`;
    expect(extractEmails(text, { maxChars: 105 })).toEqual([]);
    expect(extractEmails(text, { maxChars: 113 })).toEqual(['ada@acme.com']);
  });

  it('caps the number of results', () => {
    const text = Array.from({ length: 100 }, (_, i) => `p${i}@acme.com`).join(' ');
    expect(extractEmails(text, { maxResults: 5 })).toHaveLength(5);
  });

  it('survives a 2 MB text with pathological runs', () => {
    const text = `${'a'.repeat(1_000_000)}@${'b.'.repeat(500_000)}`;
    expect(extractEmails(text)).toEqual([]);
    const dots = `${'a.'.repeat(1_000_000)}`;
    expect(extractEmails(dots)).toEqual([]);
  });
});

describe('domainOf', () => {
  it('returns the part after the last @', () => {
    expect(domainOf('ada@acme.com')).toBe('acme.com');
  });
});
