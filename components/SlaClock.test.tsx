import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { ClockState } from '../lib/insights/types';
import { SlaClock } from './SlaClock';
import { format } from './test-utils';

const H = 3_600_000;
const startedAt = '2026-01-16T10:00:00.000Z';
const dueAt = '2026-01-17T10:00:00.000Z';
const sla = { hours: 24, businessHoursOnly: false };
const NOW = Date.parse('2026-01-16T15:00:00Z');

describe('SlaClock', () => {
  it.each<[string, ClockState, string, string, string | null]>([
    [
      'running',
      { kind: 'running', startedAt, dueAt, remainingMs: 19 * H + 5 * 60_000, fraction: 0.2 },
      'running',
      'On track',
      '19 hr 5 min left to follow up',
    ],
    [
      'due soon',
      { kind: 'running', startedAt, dueAt, remainingMs: 2 * H, fraction: 0.92 },
      'due-soon',
      'Due soon',
      '2 hr left to follow up',
    ],
    [
      'overdue',
      { kind: 'overdue', startedAt, dueAt, overdueMs: 3 * H },
      'overdue',
      'Overdue',
      'Follow-up overdue by 3 hr',
    ],
    [
      'stopped in time',
      {
        kind: 'stopped',
        startedAt,
        dueAt,
        touchedAt: '2026-01-16T12:00:00.000Z',
        withinSla: true,
        tookMs: 2 * H,
      },
      'stopped',
      'Followed up',
      'Followed up in 2 hr',
    ],
  ])('%s: state in words, not colour alone', (_name, clock, dataState, stateText, main) => {
    const { container, getByText } = render(<SlaClock clock={clock} format={format} now={NOW} sla={sla} />);
    const box = container.querySelector('.ll-clock')!;
    expect(box.getAttribute('data-state')).toBe(dataState);
    expect(getByText(stateText)).toBeTruthy();
    expect(getByText(main!)).toBeTruthy();
    expect(container.textContent).toContain('SLA 1 day');
  });

  it('is a timer while running and a status once stopped', () => {
    const running = render(
      <SlaClock
        clock={{ kind: 'running', startedAt, dueAt, remainingMs: H, fraction: 0.5 }}
        format={format}
        now={NOW}
        sla={sla}
      />,
    );
    expect(running.getByRole('timer', { name: 'Follow-up clock' })).toBeTruthy();
    expect(running.container.textContent).toContain('Due Sat, Jan 17, 10:00 AM · SLA 1 day');
    expect(running.container.textContent).toContain('MQL since Today, 10:00 AM');
    running.unmount();
    const stopped = render(
      <SlaClock
        clock={{
          kind: 'stopped',
          startedAt,
          dueAt,
          touchedAt: '2026-01-18T10:00:00.000Z',
          withinSla: false,
          tookMs: 48 * H,
        }}
        format={format}
        now={NOW}
        sla={{ hours: 8, businessHoursOnly: true }}
      />,
    );
    expect(stopped.getByRole('status', { name: 'Follow-up clock' })).toBeTruthy();
    expect(stopped.getByText('SLA missed')).toBeTruthy();
    expect(stopped.container.textContent).toContain('SLA 8 hr (business hours)');
  });

  it('renders nothing without an MQL date', () => {
    const { container } = render(<SlaClock clock={{ kind: 'none' }} format={format} now={NOW} sla={sla} />);
    expect(container.innerHTML).toBe('');
  });
});
