/**
 * Outcomes over time: recorded outcomes per week (Monday start, in the team's zone). The chart
 * stacks them by what they mean for the funnel; the table lists every outcome type.
 */
import type { WeekRow } from '../../lib/report/compute';
import type { ReportFormat } from '../../lib/report/share';
import type { OutcomeType } from '../../lib/settings/schema';
import { ChartFigure, StackedColumns, type SeriesClass } from './charts';

type Stage = OutcomeType['stage'];

export const STAGE_SERIES: { series: SeriesClass; label: string; stages: Stage[] }[] = [
  { series: 'meeting', label: 'Meetings', stages: ['meeting'] },
  { series: 'sql', label: 'Qualified', stages: ['sql'] },
  { series: 'won', label: 'Won', stages: ['won'] },
  { series: 'turned-down', label: 'Turned down or lost', stages: ['rejected', 'lost'] },
  { series: 'other', label: 'Other', stages: ['other'] },
];

/** Per week, the outcomes of each series (kinds missing from the taxonomy count as "other"). */
export function weeklySeries(weeks: readonly WeekRow[], types: readonly OutcomeType[]): number[][] {
  const stageOf = new Map(types.map((type) => [type.key, type.stage]));
  return weeks.map((week) => {
    const values = STAGE_SERIES.map(() => 0);
    for (const [kind, count] of Object.entries(week.byKind)) {
      const stage = stageOf.get(kind) ?? 'other';
      const index = STAGE_SERIES.findIndex((entry) => entry.stages.includes(stage));
      values[index] = (values[index] ?? 0) + count;
    }
    return values;
  });
}

export function OverTimeSection({
  weeks,
  types,
  format,
}: {
  weeks: readonly WeekRow[];
  types: readonly OutcomeType[];
  format: ReportFormat;
}) {
  // Week keys are calendar days; noon UTC keeps the formatted day from shifting in any zone.
  const dayFormat = new Intl.DateTimeFormat(format.locale, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const longFormat = new Intl.DateTimeFormat(format.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const day = (week: string, style = dayFormat) => style.format(new Date(`${week}T12:00:00Z`));
  const series = weeklySeries(weeks, types);
  const totals = series.map((values) => values.reduce((sum, value) => sum + value, 0));
  const total = totals.reduce((sum, value) => sum + value, 0);
  const busiest = totals.indexOf(Math.max(...totals));
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const kinds = types.map((type) => type.key);
  // Kinds recorded but no longer in the taxonomy still get a column, under their key.
  for (const week of weeks)
    for (const kind of Object.keys(week.byKind)) if (!kinds.includes(kind)) kinds.push(kind);
  const labelOf = new Map(types.map((type) => [type.key, type.label]));

  const summary =
    first && last
      ? `Outcomes recorded per week from the week of ${day(first.week, longFormat)} to the week of ${day(last.week, longFormat)}: ${format.count(total)} in total${
          total > 0 && weeks[busiest]
            ? `, most in the week of ${day(weeks[busiest].week, longFormat)} (${format.count(totals[busiest] ?? 0)})`
            : ''
        }.`
      : 'No weeks in this period.';

  return (
    <section class="section" aria-labelledby="over-time-title">
      <h2 id="over-time-title">Outcomes over time</h2>
      {total === 0 ? <p class="note">No outcome was recorded in this period.</p> : null}
      {weeks.length > 0 ? (
        <ChartFigure
          title="Outcomes per week"
          chart={
            <StackedColumns
              label={summary}
              series={STAGE_SERIES.map((entry) => entry.series)}
              formatValue={format.count}
              columns={weeks.map((week, index) => ({ label: day(week.week), values: series[index] ?? [] }))}
            />
          }
          legend={STAGE_SERIES.map((entry) => ({ label: entry.label, series: entry.series }))}
          table={
            <div class="table-wrap" role="region" aria-label="Outcomes per week, as a table" tabIndex={0}>
              <table class="table">
                <caption>Outcomes per week</caption>
                <thead>
                  <tr>
                    <th scope="col">Week of</th>
                    {kinds.map((kind) => (
                      <th key={kind} scope="col" class="num">
                        {labelOf.get(kind) ?? kind}
                      </th>
                    ))}
                    <th scope="col" class="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((week, index) => (
                    <tr key={week.week}>
                      <th scope="row">{day(week.week, longFormat)}</th>
                      {kinds.map((kind) => (
                        <td key={kind} class="num">
                          {format.count(week.byKind[kind] ?? 0)}
                        </td>
                      ))}
                      <td class="num">{format.count(totals[index] ?? 0)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          }
        />
      ) : null}
    </section>
  );
}
