import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-url';

describe('safeHref', () => {
  it.each([
    ['https://app.hubspot.com/contacts/1/record/0-1/2', 'https://app.hubspot.com/contacts/1/record/0-1/2'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://EXAMPLE.COM/a', 'https://example.com/a'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    [' javascript:alert(1)', undefined],
    ['java\tscript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['vbscript:msgbox(1)', undefined],
    ['file:///etc/passwd', undefined],
    ['/relative/path', undefined],
    ['//evil.example/x', undefined],
    ['', undefined],
    ['not a url', undefined],
    [`https://example.com/${'a'.repeat(5000)}`, undefined],
  ])('%s → %s', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });

  it.each([[undefined], [null], [42], [{ href: 'https://x.test' }]])('non-string %j → undefined', (input) => {
    expect(safeHref(input)).toBeUndefined();
  });
});
