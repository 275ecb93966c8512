import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { NOW, TOUCHPOINTS } from '../lib/sidebar/test-data';
import { countByGroup, sortNewestFirst } from '../lib/sidebar/timeline';
import { Timeline, type TimelineProps } from './Timeline';
import { format } from './test-utils';

function renderTimeline(overrides: Partial<TimelineProps> = {}) {
  const items = sortNewestFirst(TOUCHPOINTS);
  const props: TimelineProps = {
    items,
    matched: items.length,
    total: items.length,
    hasMore: false,
    filtered: false,
    group: 'all',
    query: '',
    hideMachine: false,
    groupCounts: countByGroup(items),
    sourceNames: { hubspot: 'HubSpot' },
    format,
    now: NOW,
    onGroup: vi.fn(),
    onQuery: vi.fn(),
    onHideMachine: vi.fn(),
    onClearFilters: vi.fn(),
    onShowMore: vi.fn(),
    ...overrides,
  };
  return { props, ...render(<Timeline {...props} />) };
}

describe('Timeline', () => {
  it('groups newest first by day, with time, kind, title, campaign and source', () => {
    const { getAllByRole, container } = renderTimeline();
    expect(getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual([
      'Today',
      'Yesterday',
      'Wed, Jan 14',
      'Dec 27, 2025',
    ]);
    const first = container.querySelector('.ll-item')!;
    expect(first.querySelector('time')?.textContent).toBe('12:00 PM');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe(TOUCHPOINTS[0]!.occurredAt);
    expect(first.textContent).toContain('Page visit');
    expect(first.textContent).toContain('Q1 Webinar: Pipeline Analytics · HubSpot');
    const link = first.querySelector('a')!;
    expect(link.textContent).toBe('Pricing');
    expect(link.getAttribute('href')).toBe('https://acme.example/pricing');
  });

  it('marks likely machine activity in words, with the reason for assistive tech', () => {
    const { container } = renderTimeline();
    const machine = container.querySelectorAll('.ll-item[data-machine]');
    expect(machine).toHaveLength(1);
    expect(machine[0]?.textContent).toContain('Likely automated: Opened 2 s after delivery');
  });

  it('hands search, kind filter and the automated toggle to its callbacks', () => {
    const { getByRole, getByLabelText, props } = renderTimeline();
    fireEvent.input(getByRole('searchbox', { name: 'Search the timeline' }), {
      target: { value: 'pricing' },
    });
    expect(props.onQuery).toHaveBeenCalledWith('pricing');
    const select = getByLabelText('Show') as HTMLSelectElement;
    expect([...select.options].map((o) => `${o.textContent}${o.disabled ? ' (off)' : ''}`)).toEqual([
      'All activity (5)',
      'Email (1)',
      'Web & content (2)',
      'Forms (1)',
      'Webinars & events (1)',
      'Ads (0) (off)',
      'Lists, score & stage (0) (off)',
    ]);
    fireEvent.change(select, { target: { value: 'forms' } });
    expect(props.onGroup).toHaveBeenCalledWith('forms');
    fireEvent.click(getByRole('checkbox', { name: 'Hide likely automated activity' }));
    expect(props.onHideMachine).toHaveBeenCalledWith(true);
  });

  it('says what a filter left, names the active signal, and clears', () => {
    const { getByRole, getByText, props } = renderTimeline({
      items: TOUCHPOINTS.slice(0, 2),
      matched: 2,
      filtered: true,
      activeSignalText: 'Visited pricing 2× this week',
    });
    expect(getByRole('status').textContent).toBe('2 of 5 match');
    expect(getByText(/Showing the activity behind/).textContent).toBe(
      'Showing the activity behind “Visited pricing 2× this week”',
    );
    fireEvent.click(getByRole('button', { name: 'Clear filters' }));
    expect(props.onClearFilters).toHaveBeenCalled();
  });

  it('pages: a "show more" button says how many are left', () => {
    const { getByRole, props } = renderTimeline({
      matched: 345,
      total: 20_000,
      hasMore: true,
      filtered: true,
    });
    const more = getByRole('button', { name: 'Show 100 more (340 left)' });
    fireEvent.click(more);
    expect(props.onShowMore).toHaveBeenCalled();
  });

  it('explains empty lists', () => {
    expect(
      renderTimeline({ items: [], matched: 0, total: 0 }).getByText('No activity recorded for this lead.'),
    ).toBeTruthy();
  });

  it('says when nothing matches', () => {
    const { getByText } = renderTimeline({ items: [], matched: 0, filtered: true });
    expect(getByText('Nothing matches these filters.')).toBeTruthy();
  });
});
