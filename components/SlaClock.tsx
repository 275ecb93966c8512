/**
 * The follow-up clock. While it runs it is the loudest thing in the sidebar: the time left in
 * words, the state in words (colour only repeats it), and when it is due.
 */
import { useId } from 'preact/hooks';
import type { ClockState } from '../lib/insights/types';
import type { Formatter } from '../lib/sidebar/format';

export interface SlaClockProps {
  clock: ClockState;
  format: Formatter;
  now: number;
  sla: { hours: number; businessHoursOnly: boolean };
  /** Share of the SLA used up from which the clock shows "due soon". */
  dueSoonAt?: number;
}

export function SlaClock({ clock, format, now, sla, dueSoonAt = 0.75 }: SlaClockProps) {
  const headingId = useId();
  if (clock.kind === 'none') return null;
  // "Today, 7:00 PM" reads faster than a full date when glancing.
  const when = (iso: string) => `${format.dayLabel(iso, now)}, ${format.time(iso)}`;
  const budget = `SLA ${format.duration(sla.hours * 3_600_000)}${sla.businessHoursOnly ? ' (business hours)' : ''}`;

  let state: 'running' | 'due-soon' | 'overdue' | 'stopped';
  let stateText: string;
  let main: string;
  let sub: string;
  let meter: number | undefined;
  let verdict: { text: string; tone: 'ok' | 'danger' } | undefined;

  switch (clock.kind) {
    case 'running':
      state = clock.fraction >= dueSoonAt ? 'due-soon' : 'running';
      stateText = state === 'due-soon' ? 'Due soon' : 'On track';
      main = `${format.duration(clock.remainingMs)} left to follow up`;
      sub = `Due ${when(clock.dueAt)} · ${budget}`;
      meter = Math.min(1, Math.max(0, clock.fraction));
      break;
    case 'overdue':
      state = 'overdue';
      stateText = 'Overdue';
      main = `Follow-up overdue by ${format.duration(clock.overdueMs)}`;
      sub = `Was due ${when(clock.dueAt)} · ${budget}`;
      break;
    case 'stopped':
      state = 'stopped';
      stateText = 'Followed up';
      main = `Followed up in ${format.duration(clock.tookMs)}`;
      sub = `Touched ${when(clock.touchedAt)} · ${budget}`;
      verdict = clock.withinSla ? { text: 'Within SLA', tone: 'ok' } : { text: 'SLA missed', tone: 'danger' };
      break;
  }

  const live = clock.kind !== 'stopped';
  return (
    <section class="ll-section" aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        Follow-up clock
      </h3>
      <div class="ll-clock" data-state={state} role={live ? 'timer' : 'status'} aria-labelledby={headingId}>
        <div class="ll-spread">
          <span class="ll-clock-state">{stateText}</span>
          {verdict && <span class={`ll-badge ll-badge--${verdict.tone}`}>{verdict.text}</span>}
        </div>
        <div class="ll-clock-main">{main}</div>
        {meter !== undefined && (
          <div class="ll-meter ll-clock-state" aria-hidden="true">
            <span style={{ width: `${Math.round(meter * 100)}%` }} />
          </div>
        )}
        <div class="ll-small">{sub}</div>
        <div class="ll-small ll-muted">MQL since {when(clock.startedAt)}</div>
      </div>
    </section>
  );
}
