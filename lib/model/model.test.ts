import { describe, expect, it } from 'vitest';
import { Email, Lead, Touchpoint } from '.';

describe('Email', () => {
  it.each([
    ['Ada@Example.COM ', 'ada@example.com'],
    ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk'],
  ])('normalises %j', (input, expected) => {
    expect(Email.parse(input)).toBe(expected);
  });

  it.each(['', 'ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', '<ada@example.com>'])(
    'rejects %j',
    (input) => {
      expect(Email.safeParse(input).success).toBe(false);
    },
  );
});

describe('SafeUrl through Touchpoint', () => {
  const base = {
    id: 't1',
    leadEmail: 'a@b.co',
    occurredAt: '2026-01-01T00:00:00.000Z',
    kind: 'page_view',
    source: 'local',
  };
  it.each([
    ['https://example.com/pricing', 'https://example.com/pricing'],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['not a url', undefined],
  ])('keeps only http(s): %j', (url, expected) => {
    expect(Touchpoint.parse({ ...base, url }).url).toBe(expected);
  });

  it('rejects a touchpoint with a wrong type instead of guessing', () => {
    const result = Touchpoint.safeParse({ ...base, occurredAt: 12 });
    expect(result.success).toBe(false);
  });
});

describe('Lead', () => {
  it('tolerates extra fields and fills defaults', () => {
    const lead = Lead.parse({ email: 'A@B.co', extra: 1 });
    expect(lead).toEqual({ email: 'a@b.co', refs: [] });
  });
});
