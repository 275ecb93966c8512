/**
 * Activity per day as plain SVG bars, with the same facts in words for anyone who cannot see it.
 */
import type { ActivitySeries } from '../lib/insights/types';
import type { Formatter } from '../lib/sidebar/format';
import { pure } from './pure';

export interface SparklineProps {
  series: ActivitySeries;
  format: Formatter;
}

export function summarise(series: ActivitySeries): {
  total: number;
  lastWeek: number;
  peak?: { day: string; count: number };
} {
  let total = 0;
  let peak: { day: string; count: number } | undefined;
  for (const point of series) {
    const count = Number.isFinite(point.count) ? Math.max(0, point.count) : 0;
    total += count;
    if (count > 0 && (!peak || count >= peak.count)) peak = { day: point.day, count };
  }
  const lastWeek = series
    .slice(-7)
    .reduce((sum, point) => sum + (Number.isFinite(point.count) ? Math.max(0, point.count) : 0), 0);
  return { total, lastWeek, peak };
}

// Renders again only when its data changed, not with every change elsewhere in the sidebar.
export const Sparkline = pure(function Sparkline({ series, format }: SparklineProps) {
  const days = series.length;
  if (days === 0) return null;
  const { total, lastWeek, peak } = summarise(series);
  const max = Math.max(1, ...series.map((point) => (Number.isFinite(point.count) ? point.count : 0)));
  const text =
    total === 0
      ? `No activity in the last ${days} days.`
      : `${format.number(total)} ${total === 1 ? 'touch' : 'touches'} in ${days} days, ${format.number(lastWeek)} in the last 7` +
        (peak ? `; busiest ${format.calendarDay(peak.day)} (${format.number(peak.count)})` : '') +
        '.';
  return (
    <figure>
      <svg
        class="ll-spark"
        viewBox={`0 0 ${days} 24`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Activity over the last ${days} days`}
      >
        <line
          x1="0"
          y1="23.75"
          x2={days}
          y2="23.75"
          stroke="currentColor"
          stroke-opacity="0.35"
          stroke-width="0.5"
        />
        {series.map((point, index) => {
          const count = Number.isFinite(point.count) ? Math.max(0, point.count) : 0;
          if (count === 0) return null;
          const height = Math.max(2, (count / max) * 23);
          return (
            <rect
              key={index}
              x={index + 0.15}
              y={24 - height}
              width="0.7"
              height={height}
              fill="currentColor"
            />
          );
        })}
      </svg>
      <figcaption class="ll-small ll-muted">{text}</figcaption>
    </figure>
  );
});
