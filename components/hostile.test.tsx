/**
 * Every string the sidebar shows comes from someone else's system. This puts a corpus of hostile
 * strings into every string field of a LeadView (and of what the insights derive from it),
 * renders the whole sidebar, and checks that nothing became markup: no injected elements, no
 * event-handler attributes, only http(s) links, and the strings visible as plain text.
 */
import { act, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeadView } from '../lib/model/view';
import type { InsightFns } from '../lib/sidebar/insights';
import { EMAIL, NOW, iso, leadView, ok, outcome } from '../lib/sidebar/test-data';
import { eventHandlerAttributes, renderApp } from './test-utils';

const CORPUS: [string, string][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['attribute breakout', '"><svg onload=alert(1)><a href="javascript:alert(1)">x</a>'],
  ['javascript: URL', 'javascript:alert(document.domain)'],
  ['data: URL', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['entity text', '&lt;b&gt;not bold&lt;/b&gt; &amp;'],
  ['template injection', '{{constructor.constructor("alert(1)")()}} ${alert(1)}'],
  ['right-to-left override', '\u202Egnp.exe\u202C Dana \u2067Acme\u2069'],
  ['10,000 characters', 'W'.repeat(10_000)],
  ['emoji', '👩🏽‍💻 Dana 🚀🇩🇪 e\u0301'],
  ['empty', ''],
  ['whitespace', '   \n\t '],
  ['null-ish', 'null'],
  ['undefined-ish', 'undefined'],
  ['control characters', 'a\u0000b\u0007c\u001bd'],
];

/** Replace every string anywhere in a value (keys stay). */
function everyString<T>(value: T, text: string): T {
  if (typeof value === 'string') return text as T;
  if (Array.isArray(value)) return value.map((item) => everyString(item, text)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, everyString(item, text)]),
    ) as T;
  }
  return value;
}

/** Insights that put the hostile text into every string they return. */
function hostileInsights(text: string): InsightFns {
  return {
    engagementScore: () => ({
      value: 55,
      label: text as 'warm',
      parts: [],
      machineDiscounted: 2,
      explanation: [text, text],
    }),
    computeSignals: (list) => [
      { id: text, text, strength: text as 'high', touchpointIds: list.map((t) => t.id) },
      { id: `${text}-2`, text, strength: 'low', touchpointIds: [] },
    ],
    slaClock: () => ({
      kind: 'running',
      startedAt: text,
      dueAt: text,
      remainingMs: 3_600_000,
      fraction: 0.5,
    }),
    byCampaign: () => [
      {
        campaignId: text,
        name: text,
        channel: text as 'email',
        touches: 3,
        firstAt: text,
        lastAt: iso(NOW),
        isFirstTouch: true,
        isLastTouch: true,
      },
    ],
    activitySeries: (_list, _now, days) =>
      Array.from({ length: days }, (_, i) => ({ day: text, count: i % 4 })),
  };
}

function hostileView(text: string, status: LeadView['status']): LeadView {
  const base = leadView({
    outcomes: [
      outcome({
        delivery: 'failed',
        lastError: 'x',
        reason: 'x',
        note: 'x',
        label: 'x',
        amount: 10,
        currency: 'x',
      }),
      outcome({ id: '99999999-9999-4999-8999-999999999999', delivery: 'delivered', supersedes: 'x' }),
    ],
    sources: [
      { source: 'hubspot', label: 'x', state: 'error', fetchedAt: 'x', error: { kind: 'x', message: 'x' } },
      { source: 'local', label: 'x', state: 'fresh', fetchedAt: iso(NOW) },
    ],
  });
  const lead = base.lead!;
  const view = everyString(
    { ...base, lead: { ...lead, refs: [...lead.refs, { source: 'local', id: 'x', url: 'x' }] } },
    text,
  );
  // Keep the one field that picks the branch; everything else is hostile.
  return { ...view, status } as LeadView;
}

const FORBIDDEN =
  'script, img, iframe, object, embed, style, link, meta, base, form[action], foreignObject, math';

function assertInert(root: Element) {
  expect(root.querySelectorAll(FORBIDDEN)).toHaveLength(0);
  expect(eventHandlerAttributes(root)).toEqual([]);
  for (const svg of root.querySelectorAll('svg')) {
    expect(svg.classList.contains('ll-spark') || svg.classList.contains('ll-icon')).toBe(true);
  }
  for (const anchor of root.querySelectorAll('a')) {
    const href = anchor.getAttribute('href') ?? '';
    expect(new URL(href).protocol).toMatch(/^https?:$/);
    expect(anchor.getAttribute('rel')).toBe('noopener noreferrer');
  }
  for (const element of root.querySelectorAll('[src], [srcdoc], [formaction], [xlink\\:href]')) {
    throw new Error(`unexpected URL attribute on <${element.tagName}>`);
  }
  for (const element of root.querySelectorAll('[style]')) {
    expect(element.getAttribute('style')).not.toMatch(/url\(|expression\(|javascript:/i);
  }
}

afterEach(() => {
  document.body.replaceChildren();
});

describe.each(CORPUS)('hostile strings: %s', (_name, text) => {
  it.each(['found', 'not_found', 'error'] as const)('renders inert as %s', async (status) => {
    const view = hostileView(text, status);
    const { state, container, findByRole } = renderApp({
      requestLead: async () => ok(view),
      insights: hostileInsights(text),
    });
    act(() =>
      state.setPeople([
        { email: EMAIL, name: text },
        { email: 'other@x.example', name: text },
      ]),
    );
    await findByRole('complementary', { name: 'Loopline' });
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    if (status === 'found') {
      // Open everything that is closed by default so its text is in the DOM too.
      for (const button of container.querySelectorAll<HTMLButtonElement>('.ll-tip-trigger'))
        fireEvent.click(button);
      const signal = container.querySelector<HTMLButtonElement>('.ll-signal');
      if (signal) fireEvent.click(signal);
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
      });
      expect(container.querySelectorAll('.ll-item').length).toBeGreaterThan(0);
      // Names are bidi-isolated so an override cannot flip the layout around them.
      expect(container.querySelector('h2 bdi')).toBeTruthy();
      expect(container.querySelector('.ll-campaign-name')?.tagName).toBe('BDI');
    }
    assertInert(container);
    if (text.trim() && status !== 'error') {
      // Shown as text, character for character (the 10,000-character one too).
      expect(container.textContent).toContain(text);
    }
    state.dispose();
  });
});
