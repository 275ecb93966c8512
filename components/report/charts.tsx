/**
 * Small charts in plain SVG (DESIGN.md: no chart library unless it earns its size). Each is an
 * image with an accessible name that says what it shows in words and numbers, and sits in a
 * figure with a "Show as table" button that reveals the same numbers as a table. Labels come
 * from other people's systems: they are SVG text nodes, never markup.
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';

/** Series colours are CSS classes (report.css), so light and dark themes each get their own. */
export type SeriesClass =
  'meeting' | 'sql' | 'won' | 'turned-down' | 'other' | 'in-time' | 'late' | 'overdue' | 'running';

export function ChartFigure({
  title,
  chart,
  table,
  legend,
}: {
  title: string;
  chart: ComponentChildren;
  table: ComponentChildren;
  legend?: { label: string; series: SeriesClass }[];
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="chart-title">
        {title}
      </figcaption>
      {chart}
      {legend && legend.length > 0 ? (
        <ul class="legend" aria-hidden="true">
          {legend.map((item) => (
            <li key={item.series}>
              <span class={`swatch series--${item.series}`} />
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        class="btn btn--small"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={`${id}-table`}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide table' : 'Show as table'}
      </button>
      <div id={`${id}-table`} class="chart-table" hidden={!open}>
        {table}
      </div>
    </figure>
  );
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface Bar {
  label: string;
  value: number;
  /** The value as people read it. */
  text: string;
  series: SeriesClass;
}

/** Horizontal bars, one per row, longest first as given. */
export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const width = 560;
  const labelWidth = 220;
  const valueWidth = 70;
  const rowHeight = 26;
  const height = Math.max(1, bars.length) * rowHeight + 4;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const span = width - labelWidth - valueWidth;
  return (
    <svg
      class="chart-svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      {bars.map((bar, index) => {
        const y = index * rowHeight + 2;
        const length = max > 0 ? Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * span) : 0;
        return (
          <g key={index}>
            <text
              class="chart-label"
              x={labelWidth - 8}
              y={y + rowHeight / 2}
              text-anchor="end"
              dominant-baseline="middle"
            >
              {truncate(bar.label, 32)}
            </text>
            <rect
              class={`series--${bar.series}`}
              x={labelWidth}
              y={y + 4}
              width={length}
              height={rowHeight - 8}
              rx={2}
            />
            <text
              class="chart-value"
              x={labelWidth + length + 6}
              y={y + rowHeight / 2}
              dominant-baseline="middle"
            >
              {bar.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Column {
  /** Short label under the axis (e.g. "Mar 2"). */
  label: string;
  /** One value per series, in the series' order. */
  values: number[];
}

/** Stacked columns over time; every nth label is shown so they never collide. */
export function StackedColumns({
  columns,
  series,
  label,
  formatValue = String,
}: {
  columns: Column[];
  series: SeriesClass[];
  label: string;
  /** How the axis numbers read (Intl). */
  formatValue?: (value: number) => string;
}) {
  const width = 560;
  const height = 200;
  const top = 16;
  const bottom = 28;
  const left = 36;
  const plotHeight = height - top - bottom;
  const plotWidth = width - left - 8;
  const totals = columns.map((column) => column.values.reduce((sum, value) => sum + value, 0));
  const max = Math.max(1, ...totals);
  const slot = columns.length > 0 ? plotWidth / columns.length : plotWidth;
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(columns.length / 8));
  const baseline = top + plotHeight;
  return (
    <svg
      class="chart-svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <line class="chart-axis" x1={left} x2={width - 8} y1={baseline} y2={baseline} />
      <text class="chart-value" x={left - 6} y={top} text-anchor="end" dominant-baseline="middle">
        {formatValue(max)}
      </text>
      <text class="chart-value" x={left - 6} y={baseline} text-anchor="end" dominant-baseline="middle">
        {formatValue(0)}
      </text>
      {columns.map((column, index) => {
        const x = left + index * slot + (slot - barWidth) / 2;
        let y = baseline;
        return (
          <g key={index}>
            {column.values.map((value, s) => {
              if (value <= 0) return null;
              const h = (value / max) * plotHeight;
              y -= h;
              return (
                <rect
                  key={s}
                  class={`series--${series[s] ?? 'other'}`}
                  x={x}
                  y={y}
                  width={barWidth}
                  height={h}
                />
              );
            })}
            {index % labelEvery === 0 ? (
              <text class="chart-label" x={x + barWidth / 2} y={baseline + 16} text-anchor="middle">
                {column.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** One bar split into parts (e.g. SLA: in time, late, overdue, running). */
export function StackedBar({
  parts,
  label,
}: {
  parts: { value: number; series: SeriesClass }[];
  label: string;
}) {
  const width = 560;
  const height = 28;
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  let x = 0;
  return (
    <svg
      class="chart-svg"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <rect class="chart-track" x={0} y={2} width={width} height={height - 4} rx={3} />
      {total > 0
        ? parts.map((part, index) => {
            if (part.value <= 0) return null;
            const w = (part.value / total) * width;
            const rect = (
              <rect key={index} class={`series--${part.series}`} x={x} y={2} width={w} height={height - 4} />
            );
            x += w;
            return rect;
          })
        : null}
    </svg>
  );
}
