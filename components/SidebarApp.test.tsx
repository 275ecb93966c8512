import { act, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Touchpoint } from '../lib/model';
import type { LeadView } from '../lib/model/view';
import type { Result } from '../lib/messaging/result';
import { COVERED_MESSAGE } from '../lib/sidebar/click-guard';
import { EMAIL, NOW, fail, hoursAgo, iso, leadView, ok, testDeps, testGuard } from '../lib/sidebar/test-data';
import { renderApp } from './test-utils';

const disposers: (() => void)[] = [];
afterEach(() => {
  while (disposers.length) disposers.pop()!();
  vi.useRealTimers();
});

function app(...args: Parameters<typeof renderApp>) {
  const result = renderApp(...args);
  disposers.push(() => result.state.dispose());
  return result;
}

describe('SidebarApp states', () => {
  it('idle until the page names someone', () => {
    const { getByRole } = app();
    expect(getByRole('heading', { name: 'No lead on this page' })).toBeTruthy();
  });

  it('skeleton while loading, then the lead with every section', async () => {
    let answer!: (value: Result<LeadView>) => void;
    const { state, getByRole, findByRole, container } = app({
      requestLead: () => new Promise((resolve) => (answer = resolve)),
    });
    act(() => state.select(EMAIL));
    expect(getByRole('status').textContent).toBe(`Loading ${EMAIL}…`);
    await act(async () => answer(ok(leadView())));
    expect(await findByRole('heading', { level: 2, name: 'Dana Whitfield' })).toBeTruthy();
    for (const name of [
      'Follow-up clock',
      'Why now',
      'Engagement',
      'By campaign 2',
      'Earlier outcomes',
      'Timeline 5',
      'Record outcome',
    ]) {
      expect(getByRole('heading', { level: 3, name })).toBeTruthy();
    }
    expect(getByRole('timer', { name: 'Follow-up clock' }).textContent).toContain('19 hr left to follow up');
    expect(container.querySelectorAll('.ll-item')).toHaveLength(5);
  });

  it.each([
    [
      'not in the data',
      leadView({ status: 'not_found', lead: undefined, touchpoints: [] }),
      `${EMAIL} is not in your marketing data`,
    ],
    [
      'no source',
      leadView({ status: 'no_source', lead: undefined, touchpoints: [], sources: [] }),
      'No marketing data source yet',
    ],
    [
      'every source failed',
      leadView({
        status: 'error',
        lead: undefined,
        touchpoints: [],
        sources: [
          {
            source: 'hubspot',
            label: 'HubSpot',
            state: 'error',
            error: { kind: 'http', message: 'HubSpot answered 503' },
          },
        ],
      }),
      'Could not load this lead',
    ],
  ])('%s', async (_name, view, heading) => {
    const { state, findByRole, queryByRole } = app({ requestLead: async () => ok(view) });
    act(() => state.select(EMAIL));
    expect(await findByRole('heading', { level: 2, name: heading })).toBeTruthy();
    // No outcome bar where there is no lead to record it on.
    expect(queryByRole('heading', { name: 'Record outcome' })).toBeNull();
  });

  it('no source: the sample workspace button asks the background, then reloads', async () => {
    const useSampleWorkspace = vi.fn(async () => ok({ leads: 12, touchpoints: 900 }));
    let view = leadView({ status: 'no_source', lead: undefined, touchpoints: [], sources: [] });
    const { state, findByRole } = app({ requestLead: async () => ok(view), useSampleWorkspace });
    act(() => state.select(EMAIL));
    const button = await findByRole('button', { name: 'Try the sample workspace' });
    view = leadView({ sample: true });
    fireEvent.click(button);
    expect(await findByRole('heading', { level: 2, name: 'Dana Whitfield' })).toBeTruthy();
    expect(useSampleWorkspace).toHaveBeenCalledTimes(1);
  });

  it('background unreachable, and offline, with nothing cached', async () => {
    const { state, findByText, findByRole } = app({
      requestLead: async () => fail('Reload the page to reconnect.'),
    });
    act(() => state.select(EMAIL));
    expect(await findByText('Reload the page to reconnect.')).toBeTruthy();
    act(() => state.setOnline(false));
    expect(await findByRole('heading', { name: 'Offline' })).toBeTruthy();
  });

  it('a failing source over older data: banner with its age, data still shown', async () => {
    const view = leadView({
      sources: [
        {
          source: 'hubspot',
          label: 'HubSpot',
          state: 'error',
          fetchedAt: hoursAgo(2),
          error: { kind: 'rate', message: 'Rate limited' },
        },
      ],
    });
    const { state, findByRole, getByRole } = app({ requestLead: async () => ok(view) });
    act(() => state.select(EMAIL));
    const banner = await findByRole('region', { name: 'Data source problem' });
    expect(banner.textContent).toContain('HubSpot: Rate limited Showing data from 2 hr. ago.');
    expect(getByRole('heading', { level: 2, name: 'Dana Whitfield' })).toBeTruthy();
  });

  it('offline with data: a banner, data still shown', async () => {
    const { state, findByRole, findByText } = app({ online: false });
    act(() => state.select(EMAIL));
    expect(await findByRole('heading', { level: 2, name: 'Dana Whitfield' })).toBeTruthy();
    expect(await findByText(/You are offline. Showing data saved 3 min. ago/)).toBeTruthy();
  });

  it('several people: the switcher loads the other one', async () => {
    const { state, findByRole } = app();
    act(() => state.setPeople([{ email: EMAIL, name: 'Dana Whitfield' }, { email: 'lee@acme.example' }]));
    fireEvent.click(await findByRole('button', { name: 'lee@acme.example' }));
    expect(state.selected.value).toBe('lee@acme.example');
  });
});

describe('SidebarApp rendering work', () => {
  it('new people on the page re-render the switcher, not the lead already shown', async () => {
    const { state, findByRole } = app();
    act(() => state.setPeople([{ email: EMAIL, name: 'Dana Whitfield' }]));
    await findByRole('heading', { level: 2, name: 'Dana Whitfield' });
    // The header formats its "updated … ago" on every render of the lead.
    const relative = vi.spyOn(state.format, 'relative');
    act(() => state.setPeople([{ email: EMAIL, name: 'Dana Whitfield' }, { email: 'lee@acme.example' }]));
    expect(await findByRole('button', { name: 'lee@acme.example' })).toBeTruthy();
    expect(relative).not.toHaveBeenCalled();
    act(() => state.setOnline(false));
    expect(relative).toHaveBeenCalled();
  });
});

describe('SidebarApp interactions', () => {
  it('activating a signal filters the timeline to its touchpoints', async () => {
    const { state, findByRole, container } = app();
    act(() => state.select(EMAIL));
    const signal = await findByRole('button', { name: /Visited pricing 2× this week/ });
    fireEvent.click(signal);
    await waitFor(() => expect(container.querySelectorAll('.ll-item')).toHaveLength(2));
    expect([...container.querySelectorAll('.ll-item-title')].map((el) => el.textContent)).toEqual([
      'Pricing',
      'Pricing',
    ]);
    expect(signal.getAttribute('aria-pressed')).toBe('true');
  });

  it('collapses through the state and tells the background', async () => {
    const setOpen = vi.fn();
    const { state, findByRole, getByRole } = app({ setOpen });
    act(() => state.select(EMAIL));
    fireEvent.click(await findByRole('button', { name: 'Collapse the Loopline sidebar' }));
    expect(setOpen).toHaveBeenCalledWith(false);
    expect(getByRole('button', { name: 'Open the Loopline sidebar' })).toBeTruthy();
  });

  it('an overdue clock shows on the collapsed tab', async () => {
    const base = leadView().lead!;
    const { state, findByRole } = app({
      open: false,
      requestLead: async () => ok(leadView({ lead: { ...base, mqlAt: hoursAgo(30) } })),
    });
    act(() => state.select(EMAIL));
    expect(await findByRole('button', { name: /^Open the Loopline sidebar \( ?Overdue ?\)$/ })).toBeTruthy();
  });

  it('"Saved — Undo (5 s)" counts down, then shows the delivery state', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, findByRole, getByRole, queryByRole } = app();
    act(() => state.select(EMAIL));
    fireEvent.click(await findByRole('button', { name: 'Meeting booked' }));
    const undo = await findByRole('button', { name: /Undo “Meeting booked”, 5 seconds left/ });
    expect(undo.textContent).toBe('Undo (5 s)');
    const bar = getByRole('region', { name: 'Record outcome' });
    expect(bar.textContent).toContain('Saved “Meeting booked”.');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(getByRole('button', { name: /4 seconds left/ }).textContent).toBe('Undo (4 s)');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(4000);
    });
    expect(queryByRole('button', { name: /Undo/ })).toBeNull();
    expect(bar.textContent).toContain('“Meeting booked” is waiting to be sent to HubSpot.');
    // The first sales touch stops the follow-up clock.
    expect(getByRole('status', { name: 'Follow-up clock' }).textContent).toContain('Followed up in 5 hr');
  });
});

describe('outcome clicks the user may not have seen', () => {
  it('a click while the sidebar was covered records nothing, and says so', async () => {
    const recordOutcome = vi.fn(testDeps().recordOutcome);
    const { state, findByRole, getByRole } = app({ recordOutcome }, 'light', testGuard('covered'));
    act(() => state.select(EMAIL));
    fireEvent.click(await findByRole('button', { name: 'Meeting booked' }));
    expect(getByRole('alert').textContent).toBe(COVERED_MESSAGE);
    await act(async () => {});
    expect(recordOutcome).not.toHaveBeenCalled();
    expect(state.pendingOutcome.value).toBeNull();
  });

  it('where the browser cannot tell, Record confirms the outcome, and Undo still works', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const recordOutcome = vi.fn(testDeps().recordOutcome);
    const undoOutcome = vi.fn(testDeps().undoOutcome);
    const { state, findByRole, getByRole, queryByRole } = app(
      { recordOutcome, undoOutcome },
      'light',
      testGuard('confirm'),
    );
    act(() => state.select(EMAIL));
    fireEvent.click(await findByRole('button', { name: 'Meeting booked' }));
    expect(recordOutcome).not.toHaveBeenCalled();
    fireEvent.click(getByRole('button', { name: 'Record' }));
    const undo = await findByRole('button', { name: /Undo “Meeting booked”, 5 seconds left/ });
    expect(recordOutcome).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'meeting_booked', leadEmail: EMAIL }),
    );
    fireEvent.click(undo);
    await waitFor(() => expect(queryByRole('button', { name: /Undo/ })).toBeNull());
    expect(undoOutcome).toHaveBeenCalledWith('22222222-2222-4222-8222-222222222222');
    expect(state.pendingOutcome.value).toBeNull();
  });

  it('a confirmation asked for one person goes when another is shown', async () => {
    const OTHER = 'lee@acme.example';
    const recordOutcome = vi.fn(testDeps().recordOutcome);
    const { state, findByRole, queryByRole } = app({ recordOutcome }, 'light', testGuard('confirm'));
    act(() => state.select(OTHER));
    await findByRole('button', { name: 'Meeting booked' });
    act(() => state.select(EMAIL));
    fireEvent.click(await findByRole('button', { name: 'Meeting booked' }));
    expect(await findByRole('group', { name: 'Record “Meeting booked”?' })).toBeTruthy();
    // Lee is shown at once from the cache: the question was about Dana.
    act(() => state.select(OTHER));
    await findByRole('button', { name: 'Meeting booked' });
    expect(state.selected.value).toBe(OTHER);
    expect(queryByRole('group', { name: 'Record “Meeting booked”?' })).toBeNull();
    expect(queryByRole('button', { name: 'Record' })).toBeNull();
    expect(recordOutcome).not.toHaveBeenCalled();
  });
});

describe('a 20,000-touchpoint lead', () => {
  const many: Touchpoint[] = Array.from({ length: 20_000 }, (_, i) => ({
    id: `big-${i}`,
    leadEmail: EMAIL,
    occurredAt: iso(NOW - i * 37 * 60_000),
    kind: i % 3 === 0 ? 'email_open' : 'page_view',
    title: i % 1000 === 0 ? `Pricing ${i}` : `Article ${i}`,
    source: 'local',
    url: undefined,
  }));

  it('renders one page of the timeline, pages on, and searches the whole history', async () => {
    const { state, findByRole, getByRole, container } = app({
      requestLead: async () => ok(leadView({ touchpoints: many })),
    });
    act(() => state.select(EMAIL));
    await findByRole('heading', { level: 2, name: 'Dana Whitfield' });
    expect(container.querySelectorAll('.ll-item')).toHaveLength(25);
    expect(container.querySelector('.ll-item-title')?.textContent).toBe('Pricing 0');
    fireEvent.click(getByRole('button', { name: 'Show 100 more (19,975 left)' }));
    await waitFor(() => expect(container.querySelectorAll('.ll-item')).toHaveLength(125));
    fireEvent.input(getByRole('searchbox', { name: 'Search the timeline' }), {
      target: { value: 'pricing' },
    });
    await waitFor(() => expect(container.querySelectorAll('.ll-item')).toHaveLength(20));
    expect(container.textContent).toContain('20 of 20,000 match');
  });
});

describe('the first screen, then the rest', () => {
  it('draws the timeline once the lead above it has been painted, and keeps it reachable', async () => {
    const { state, findByRole, queryByRole, getByRole, container } = app({
      // A frame that paints: the lead's first screen comes first (the frame's afterPaint).
      afterPaint: (run) => void setTimeout(run, 0),
      requestLead: async () => ok(leadView()),
    });
    act(() => state.select(EMAIL));
    await findByRole('heading', { level: 2, name: 'Dana Whitfield' });
    expect(getByRole('heading', { level: 3, name: 'Why now' })).toBeTruthy();
    expect(queryByRole('heading', { level: 3, name: 'Timeline 5' })).toBeNull();
    expect(await findByRole('heading', { level: 3, name: 'Timeline 5' })).toBeTruthy();
    expect(container.querySelectorAll('.ll-item')).toHaveLength(5);
    expect(getByRole('searchbox', { name: 'Search the timeline' })).toBeTruthy();
    expect(container.querySelector('.ll-item a')?.getAttribute('href')).toMatch(/^https:/);

    // Another lead: its first screen first again, then its timeline.
    act(() => state.setPeople([{ email: 'other@acme.example' }]));
    expect(state.firstScreenOnly.value).toBe(true);
    await findByRole('heading', { level: 2 });
    await waitFor(() => expect(state.firstScreenOnly.value).toBe(false));
    expect(getByRole('heading', { level: 3, name: /^Timeline/ })).toBeTruthy();
  });

  it('draws the timeline again when the same lead is shown for another reason (by name, then by address)', async () => {
    const jane = { email: 'jane@acme.example', name: 'Jane Doe', sources: ['HubSpot'] };
    const { state, findByRole } = app({
      afterPaint: (run) => void setTimeout(run, 0),
      findByName: async () => ok({ remembered: jane, matches: [], searched: ['HubSpot'], failed: [] }),
    });
    act(() => state.setPeople([{ name: 'Jane Doe', role: 'sender' }]));
    await waitFor(() => expect(state.shownByName.value?.name).toBe('Jane Doe'));
    expect(await findByRole('heading', { level: 3, name: /^Timeline/ })).toBeTruthy();
    act(() => state.setPeople([{ email: jane.email, role: 'sender' }], jane.email));
    expect(state.shownByName.value).toBeNull();
    expect(state.firstScreenOnly.value).toBe(true);
    expect(await findByRole('heading', { level: 3, name: /^Timeline/ })).toBeTruthy();
  });
});
