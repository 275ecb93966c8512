import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReasonRow, WeekRow } from '../../lib/report/compute';
import { DEFAULT_OUTCOMES } from '../../lib/settings/schema';
import { BarChart, ChartFigure, StackedBar, StackedColumns } from './charts';
import { STAGE_SERIES, weeklySeries } from './OverTimeSection';
import { reasonsByCampaign, reasonTotals } from './ReasonsSection';

afterEach(() => document.body.replaceChildren());

describe('ChartFigure', () => {
  it('shows the chart and reveals the same numbers as a table on request', () => {
    render(
      <ChartFigure
        title="Outcomes per week"
        chart={
          <StackedBar
            label="3 in time, 1 late"
            parts={[
              { value: 3, series: 'in-time' },
              { value: 1, series: 'late' },
            ]}
          />
        }
        table={<table aria-label="as a table" />}
        legend={[{ label: 'In time', series: 'in-time' }]}
      />,
    );
    expect(screen.getByRole('figure', { name: 'Outcomes per week' })).toBeTruthy();
    expect(screen.getByRole('img', { name: '3 in time, 1 late' })).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Show as table' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const panel = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(panel.hidden).toBe(true);
    expect(screen.queryByRole('table')).toBeNull();

    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.textContent).toBe('Hide table');
    expect(panel.hidden).toBe(false);
    expect(screen.getByRole('table', { name: 'as a table' })).toBeTruthy();
  });
});

describe('charts', () => {
  it('BarChart draws bars in proportion, labels as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    render(
      <BarChart
        label="Reasons"
        bars={[
          { label: evil, value: 4, text: '4', series: 'turned-down' },
          { label: 'Half', value: 2, text: '2', series: 'turned-down' },
          { label: 'None', value: 0, text: '0', series: 'turned-down' },
        ]}
      />,
    );
    const svg = screen.getByRole('img', { name: 'Reasons' });
    const widths = [...svg.querySelectorAll('rect')].map((rect) => Number(rect.getAttribute('width')));
    expect(widths[0]).toBeGreaterThan(0);
    expect(widths[1]).toBeCloseTo((widths[0] ?? 0) / 2, 5);
    expect(widths[2]).toBe(0);
    expect(svg.querySelector('img')).toBeNull();
    expect(svg.textContent).toContain(evil);
  });

  it('StackedColumns stacks each week and thins out labels', () => {
    const columns = Array.from({ length: 20 }, (_, i) => ({ label: `W${i}`, values: [i % 2, 1] }));
    render(<StackedColumns label="Weeks" columns={columns} series={['meeting', 'won']} />);
    const svg = screen.getByRole('img', { name: 'Weeks' });
    // 10 weeks with both series, 10 with one.
    expect(svg.querySelectorAll('rect.series--meeting')).toHaveLength(10);
    expect(svg.querySelectorAll('rect.series--won')).toHaveLength(20);
    const labels = [...svg.querySelectorAll('text.chart-label')].map((text) => text.textContent);
    expect(labels).toEqual(['W0', 'W3', 'W6', 'W9', 'W12', 'W15', 'W18']);
  });

  it('StackedBar splits the width by share and draws nothing for an empty total', () => {
    const { rerender } = render(
      <StackedBar
        label="SLA"
        parts={[
          { value: 1, series: 'in-time' },
          { value: 3, series: 'overdue' },
        ]}
      />,
    );
    const parts = () => [
      ...screen.getByRole('img', { name: 'SLA' }).querySelectorAll('rect[class^="series"]'),
    ];
    expect(parts().map((rect) => Number(rect.getAttribute('width')))).toEqual([140, 420]);
    rerender(<StackedBar label="SLA" parts={[{ value: 0, series: 'in-time' }]} />);
    expect(parts()).toHaveLength(0);
  });
});

describe('reasonTotals and reasonsByCampaign', () => {
  const reason = (
    campaignId: string,
    name: string,
    kind: string,
    text: string,
    count: number,
  ): ReasonRow => ({
    campaignId,
    name,
    kind,
    label: kind === 'lost' ? 'Lost' : 'Not a fit',
    reason: text,
    count,
  });
  const rows = [
    reason('b', 'Beta', 'not_a_fit', 'Too small', 2),
    reason('', 'No campaign touch', 'lost', 'Price', 1),
    reason('a', 'alpha', 'not_a_fit', 'too small', 0.5),
    reason('a', 'alpha', 'lost', 'Price', 1),
  ];

  it('sums a reason over campaigns, whatever its case', () => {
    expect(reasonTotals(rows)).toEqual([
      { label: 'Not a fit', reason: 'Too small', count: 2.5 },
      { label: 'Lost', reason: 'Price', count: 2 },
    ]);
  });

  it('groups by campaign, A to Z, no campaign last', () => {
    expect(reasonsByCampaign(rows, 'en-US').map((r) => `${r.name}/${r.reason}`)).toEqual([
      'alpha/Price',
      'alpha/too small',
      'Beta/Too small',
      'No campaign touch/Price',
    ]);
  });
});

describe('weeklySeries', () => {
  it('folds outcome kinds into the chart series by stage', () => {
    const weeks: WeekRow[] = [
      {
        week: '2026-02-02',
        byKind: { meeting_booked: 2, qualified: 1, won: 1, not_a_fit: 1, lost: 2, no_response: 3 },
      },
      { week: '2026-02-09', byKind: { legacy_kind: 4 } },
    ];
    expect(STAGE_SERIES.map((entry) => entry.series)).toEqual([
      'meeting',
      'sql',
      'won',
      'turned-down',
      'other',
    ]);
    expect(weeklySeries(weeks, DEFAULT_OUTCOMES)).toEqual([
      [2, 1, 1, 3, 3],
      [0, 0, 0, 0, 4],
    ]);
  });
});
