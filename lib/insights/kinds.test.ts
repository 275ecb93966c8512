import { describe, expect, it } from 'vitest';
import { intentPage, isHighIntentForm, parseIso } from './kinds';

describe('parseIso', () => {
  it.each([
    '2026-03-10T12:00:00.000Z',
    '2026-03-10T12:00:00Z',
    '1999-12-31T23:59:59.999Z',
    '2026-03-10T12:00:00+02:00',
    '2026-03-10T12:00:00.5Z',
    '2026-02-31T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-03-10T24:00:00.000Z',
    '2026-0x-10T12:00:00.000Z',
    '0050-03-10T12:00:00.000Z',
    'garbage',
    '',
  ])('agrees with Date.parse for %j', (value) => {
    expect(parseIso(value)).toBe(Date.parse(value));
  });

  it.each([
    '2024-02-29T00:00:00.000Z',
    '2023-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2100-02-28T23:59:59.999Z',
    '2026-04-31T00:00:00.000Z',
    '0100-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59.999Z',
    '2026-03-10T12:00:00.-01Z',
    '2026-03-10T12:00:00.00aZ',
    '2026-03-10T12:00:0/.000Z',
    '2026-03-1:T12:00:00Z',
    '20２6-03-10T12:00:00.000Z',
    '2026-03-10T12:60:00Z',
    '2026-03-10T12:00:60Z',
    '2026-00-10T12:00:00Z',
    '2026-03-00T12:00:00Z',
    '0099-12-31T23:59:59.999Z',
    '2026-03-10 12:00:00.000Z',
    '2026-03-10T12:00:00.000z',
  ])('agrees with Date.parse at the edges of the calendar: %j', (value) => {
    expect(parseIso(value)).toBe(Date.parse(value));
  });

  it('agrees with Date.parse on every day of four centuries, at random times', () => {
    let seed = 12_345;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start = Date.UTC(1800, 0, 1);
    const wrong: string[] = [];
    for (let day = 0; day < 146_097; day += 1) {
      const at = start + day * 86_400_000 + Math.floor(random() * 86_400_000);
      const value = new Date(at).toISOString();
      if (parseIso(value) !== at) wrong.push(value);
      const short = `${value.slice(0, 19)}Z`;
      if (parseIso(short) !== Date.parse(short)) wrong.push(short);
    }
    expect(wrong).toEqual([]);
  });
});

describe('intentPage', () => {
  const view = (url: string | undefined, title = '') => ({ kind: 'page_view' as const, url, title });
  it.each<[ReturnType<typeof view>, string | undefined]>([
    [view('https://www.tidemark.example/pricing'), 'pricing'],
    [view('https://www.tidemark.example/pricing/enterprise?x=1'), 'pricing'],
    [view('https://www.tidemark.example/plans'), 'pricing'],
    [view('https://www.tidemark.example/demo'), 'demo'],
    [view('https://www.tidemark.example/free-trial'), 'demo'],
    [view('https://www.tidemark.example/blog/pricing-strategy-for-saas'), undefined],
    [view('https://www.tidemark.example/docs/api/plans-endpoint'), undefined],
    [view(undefined, 'Pricing | Tidemark'), 'pricing'],
    [view(undefined, 'Book a demo'), 'demo'],
    [view(undefined, 'Blog'), undefined],
  ])('%j → %s', (touchpoint, expected) => {
    expect(intentPage(touchpoint)).toBe(expected);
  });

  it('only looks at page views', () => {
    expect(
      intentPage({ kind: 'email_click', url: 'https://www.tidemark.example/pricing', title: '' }),
    ).toBeUndefined();
  });
});

describe('isHighIntentForm', () => {
  const form = (title: string, url?: string) => ({
    kind: 'form_submit' as const,
    title,
    url,
    detail: undefined,
  });
  it.each<[ReturnType<typeof form>, boolean]>([
    [form('Request a demo'), true],
    [form('Contact sales'), true],
    [form('Get a custom quote'), true],
    [form('Start free trial'), true],
    [form('Form 12', 'https://www.tidemark.example/contact'), true],
    [form('Form 12', 'https://www.tidemark.example/pricing/quote'), true],
    [form('Newsletter sign-up'), false],
    [form('Download the benchmark', 'https://www.tidemark.example/resources/benchmark'), false],
    [form('Webinar registration'), false],
  ])('%j → %s', (touchpoint, expected) => {
    expect(isHighIntentForm(touchpoint)).toBe(expected);
  });
});
