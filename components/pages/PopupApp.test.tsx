import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { FollowUp, SourceState } from '../../lib/messaging/protocol';
import type { Outcome } from '../../lib/model';
import type { LeadView } from '../../lib/model/view';
import { PopupApp, sortFollowUps, sourceStateText } from './PopupApp';
import { fakeClient } from './test-helpers';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const hours = (n: number) => new Date(NOW + n * 3_600_000).toISOString();

function followUp(
  email: string,
  dueInHours: number,
  state: FollowUp['state'] = dueInHours < 0 ? 'overdue' : 'running',
): FollowUp {
  return { email, mqlAt: hours(-48), dueAt: hours(dueInHours), state, seenAt: hours(-1) };
}

function outcome(delivery: Outcome['delivery'], extra: Partial<Outcome> = {}): Outcome {
  return {
    id: crypto.randomUUID(),
    leadEmail: 'ada@example.com',
    kind: 'meeting_booked',
    label: 'Meeting booked',
    createdAt: '2026-03-01T10:00:00.000Z',
    by: '',
    target: 'hubspot',
    attribution: { touches: [] },
    delivery,
    attempts: 1,
    ...extra,
  };
}

function renderPopup(handlers: Record<string, (payload: unknown) => unknown>) {
  const fake = fakeClient({
    'sources.status': () => [],
    'outcomes.list': () => [],
    'followups.list': () => [],
    ...handlers,
  });
  render(<PopupApp deps={{ client: fake.client, now: () => NOW, locale: 'en-US', timeZone: 'UTC' }} />);
  return fake;
}

describe('sortFollowUps', () => {
  it('puts the soonest due first and leaves stopped clocks out', () => {
    const list = [
      followUp('later@x.co', 10),
      followUp('stopped@x.co', -5, 'stopped'),
      followUp('late@x.co', -3),
      followUp('soon@x.co', 1),
    ];
    expect(sortFollowUps(list).map((item) => item.email)).toEqual(['late@x.co', 'soon@x.co', 'later@x.co']);
  });
});

describe('PopupApp: follow-ups', () => {
  it('lists follow-ups soonest first, overdue ones said in words', async () => {
    renderPopup({
      'followups.list': () => [
        followUp('later@x.co', 20),
        { ...followUp('late@x.co', -3), name: 'Lena Late', company: 'Acme' },
        followUp('soon@x.co', 2),
      ],
    });
    const section = screen.getByRole('heading', { name: 'My follow-ups' }).closest('section') as HTMLElement;
    const items = await within(section).findAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^Lena Late · Acme.*late@x\.co.*Overdue by 3 hr/),
      expect.stringMatching(/soon@x\.co.*Due in 2 hr/),
      expect.stringMatching(/later@x\.co.*Due in 20 hr/),
    ]);
    expect(items[0]!.className).toContain('followup--overdue');
  });

  it('says when nothing is running', async () => {
    renderPopup({});
    expect(await screen.findByText(/No follow-ups running/)).toBeTruthy();
  });
});

describe('PopupApp: lookup', () => {
  const view: LeadView = {
    email: 'ada@example.com',
    status: 'found',
    lead: {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
      lifecycleStage: 'marketingqualifiedlead',
      score: 87,
      refs: [],
    },
    touchpoints: [
      {
        id: 't1',
        leadEmail: 'ada@example.com',
        occurredAt: hours(-50),
        kind: 'page_view',
        title: '',
        source: 'local',
      },
      {
        id: 't2',
        leadEmail: 'ada@example.com',
        occurredAt: hours(-2),
        kind: 'email_click',
        title: '',
        source: 'local',
      },
    ],
    sources: [],
    outcomes: [],
    sample: true,
    colleaguesEngaged: 0,
  };

  it('shows the lead compactly', async () => {
    const fake = renderPopup({ 'lead.get': () => view });
    fireEvent.input(screen.getByLabelText('Email address'), { target: { value: ' Ada@Example.com ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    const card = await screen.findByRole('article', { name: 'Lead Ada Lovelace' });
    expect(fake.callsOf('lead.get')).toEqual([{ email: 'ada@example.com' }]);
    const facts = [...card.querySelectorAll('dt')].map(
      (dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`,
    );
    expect(facts).toEqual([
      'Company: Analytical Engines',
      'Stage: MQL',
      'Score: 87',
      'Activities: 2',
      'Last touch: 2 hr. ago',
    ]);
    expect(within(card).getByText('Sample data')).toBeTruthy();
  });

  it('explains an address that does not parse and asks nothing', async () => {
    const fake = renderPopup({ 'lead.get': () => view });
    const input = screen.getByLabelText('Email address');
    fireEvent.input(input, { target: { value: 'not-an-address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect(await screen.findByText(/Enter an email address/)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(fake.callsOf('lead.get')).toEqual([]);
  });

  it('says when the lead is not in the data', async () => {
    renderPopup({ 'lead.get': () => ({ ...view, status: 'not_found', lead: undefined, touchpoints: [] }) });
    fireEvent.input(screen.getByLabelText('Email address'), { target: { value: 'ada@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect(await screen.findByText(/is not in your marketing data/)).toBeTruthy();
  });
});

describe('PopupApp: undelivered outcomes', () => {
  it('lists pending and failed outcomes, and drops one once retried successfully', async () => {
    const failed = outcome('failed', { lastError: 'HubSpot answered 503' });
    const fake = renderPopup({
      'outcomes.list': () => [failed, outcome('delivered')],
      'outcome.retry': () => ({ ...failed, delivery: 'delivered' }),
    });
    const section = (await screen.findByRole('heading', { name: 'Outcomes not yet delivered' })).closest(
      'section',
    ) as HTMLElement;
    expect(await within(section).findByText(/Delivery failed: HubSpot answered 503/)).toBeTruthy();
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);

    fireEvent.click(
      within(section).getByRole('button', { name: 'Retry Meeting booked for ada@example.com' }),
    );
    expect(await within(section).findByText('Every outcome has been delivered.')).toBeTruthy();
    expect(fake.callsOf('outcome.retry')).toEqual([{ id: failed.id }]);
  });

  it('shows a refused discard next to the outcome', async () => {
    const pending = outcome('pending');
    renderPopup({
      'outcomes.list': () => [pending],
      'outcome.discard': () => {
        throw new Error('Already delivered; nothing to discard.');
      },
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Discard Meeting booked for ada@example.com' }),
    );
    expect(await screen.findByText(/Already delivered; nothing to discard/)).toBeTruthy();
  });
});

describe('PopupApp: sources', () => {
  const state = (extra: Partial<SourceState>): SourceState => ({
    source: 'hubspot',
    label: 'HubSpot',
    enabled: true,
    permission: true,
    configured: true,
    ...extra,
  });

  it.each([
    [state({ enabled: false }), 'Off'],
    [state({ configured: false }), 'On, not set up yet'],
    [state({ permission: false }), 'On, but access to its host was not granted'],
    [state({ lastError: 'token expired' }), 'On, last call failed: token expired'],
    [state({}), 'On'],
  ])('describes %o as %s', (source, text) => {
    expect(sourceStateText(source).text).toBe(text);
  });

  it('lists every source with its state', async () => {
    renderPopup({
      'sources.status': () => [
        state({ source: 'local', label: 'Local workspace' }),
        state({ enabled: false }),
      ],
    });
    const section = (await screen.findByRole('heading', { name: 'Sources' })).closest(
      'section',
    ) as HTMLElement;
    const items = await within(section).findAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(['Local workspaceOn', 'HubSpotOff']);
  });
});
