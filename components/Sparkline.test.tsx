import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ActivitySeries } from '../lib/insights/types';
import { Sparkline, summarise } from './Sparkline';
import { format } from './test-utils';

function series(counts: Record<number, number>): ActivitySeries {
  return Array.from({ length: 90 }, (_, i) => ({
    day: new Date(Date.UTC(2025, 9, 19) + i * 86_400_000).toISOString().slice(0, 10),
    count: counts[i] ?? 0,
  }));
}

describe('Sparkline', () => {
  it('draws one bar per active day with an accessible name and the facts in words', () => {
    const { getByRole, container } = render(
      <Sparkline series={series({ 10: 2, 40: 7, 88: 1, 89: 3 })} format={format} />,
    );
    const svg = getByRole('img', { name: 'Activity over the last 90 days' });
    expect(svg.tagName.toLowerCase()).toBe('svg');
    expect(svg.querySelectorAll('rect')).toHaveLength(4);
    expect(container.querySelector('figcaption')?.textContent).toBe(
      '13 touches in 90 days, 4 in the last 7; busiest Nov 28, 2025 (7).',
    );
  });

  it('says so when there was no activity', () => {
    const { container } = render(<Sparkline series={series({})} format={format} />);
    expect(container.querySelectorAll('rect')).toHaveLength(0);
    expect(container.textContent).toBe('No activity in the last 90 days.');
  });

  it('renders nothing for an empty series and ignores nonsense counts', () => {
    expect(render(<Sparkline series={[]} format={format} />).container.innerHTML).toBe('');
    expect(
      summarise([
        { day: '2026-01-01', count: Number.NaN },
        { day: '2026-01-02', count: -4 },
      ]),
    ).toEqual({
      total: 0,
      lastWeek: 0,
      peak: undefined,
    });
  });
});
