import { describe, expect, it } from 'vitest';
import { parseMatchPattern } from './match-pattern';

describe('parseMatchPattern', () => {
  it.each([
    ['https://crm.example.com/*', 'https://crm.example.com/customers/1', true],
    ['https://crm.example.com/*', 'https://crm.example.com/', true],
    ['https://crm.example.com/*', 'http://crm.example.com/customers/1', false],
    ['https://crm.example.com/*', 'https://evil-crm.example.com/', false],
    ['https://crm.example.com/*', 'https://crm.example.com.evil.test/', false],
    ['*://crm.example.com/*', 'http://crm.example.com/a', true],
    ['https://*.example.com/*', 'https://example.com/', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x', true],
    ['https://*.example.com/*', 'https://badexample.com/x', false],
    ['https://crm.example.com/app/*/view', 'https://crm.example.com/app/42/view', true],
    ['https://crm.example.com/app/*/view', 'https://crm.example.com/app/42/edit', false],
    ['https://crm.example.com/app?x=*', 'https://crm.example.com/app?x=1', true],
    ['https://*/*', 'https://anything.test/page', true],
    ['https://CRM.Example.com/*', 'https://crm.example.com/x', true],
  ])('%s on %s → %s', (pattern, url, expected) => {
    expect(parseMatchPattern(pattern)?.(new URL(url))).toBe(expected);
  });

  it.each([
    '',
    'crm.example.com',
    'ftp://crm.example.com/*',
    'https://crm.example.com',
    'https://crm.*.com/*',
    'https://crm.example.com:8080/*',
    '<all_urls>',
  ])('rejects %j', (pattern) => {
    expect(parseMatchPattern(pattern)).toBeNull();
  });
});
