/**
 * SLA compliance: of the leads that became MQLs in the range, how many sales followed up within
 * the agreed time, how long the first touch took (median, 90th percentile) and who is still
 * waiting past due. Durations are on the SLA's own clock (business hours when it counts those).
 */
import type { SlaReport } from '../../lib/report/compute';
import { round, type ReportFormat } from '../../lib/report/share';
import type { Formatter } from '../../lib/sidebar/format';
import { ChartFigure, StackedBar, type SeriesClass } from './charts';

/** A long overdue list is a to-do list nobody reads; the first ones make the point. */
export const OVERDUE_SHOWN = 50;

export function SlaSection({
  sla,
  hours,
  businessHoursOnly,
  format,
  dates,
}: {
  sla: SlaReport;
  hours: number;
  businessHoursOnly: boolean;
  format: ReportFormat;
  dates: Formatter;
}) {
  const late = sla.touched - sla.touchedWithinSla;
  const ended = sla.touched + sla.overdue.length;
  const clock = businessHoursOnly ? 'business hours' : 'hours';
  const duration = (ms: number | null) => (ms === null ? '–' : dates.duration(ms));
  const parts: { label: string; value: number; series: SeriesClass }[] = [
    { label: 'Followed up in time', value: sla.touchedWithinSla, series: 'in-time' },
    { label: 'Followed up late', value: late, series: 'late' },
    { label: 'Overdue, not followed up', value: sla.overdue.length, series: 'overdue' },
    { label: 'Clock still running', value: sla.running, series: 'running' },
  ];
  const summary = `MQLs by follow-up: ${parts.map((part) => `${format.count(part.value)} ${part.label.toLowerCase()}`).join(', ')}.`;

  return (
    <section class="section" aria-labelledby="sla-title">
      <h2 id="sla-title">SLA compliance</h2>
      <p class="intro">
        Sales follows up every MQL within {format.count(hours)} {clock}. The first outcome recorded for a lead
        after it became an MQL is its first touch.
      </p>
      {sla.mqls === 0 ? (
        <p class="note">No lead became an MQL in this period.</p>
      ) : (
        <>
          <dl class="figures">
            <div class="figure">
              <dt>Followed up within the SLA</dt>
              <dd>
                <span class="figure-value">
                  {format.percent(sla.compliance === null ? null : round(sla.compliance * 100, 1))}
                </span>
                <span class="figure-detail">
                  {ended > 0
                    ? `${format.count(sla.touchedWithinSla)} of ${format.count(ended)} MQLs whose time is up`
                    : 'No clock has run out yet'}
                </span>
              </dd>
            </div>
            <div class="figure">
              <dt>Median time to first touch</dt>
              <dd>
                <span class="figure-value">{duration(sla.medianMs)}</span>
                <span class="figure-detail">{`${format.count(sla.touched)} MQLs followed up`}</span>
              </dd>
            </div>
            <div class="figure">
              <dt>90th percentile</dt>
              <dd>
                <span class="figure-value">{duration(sla.p90Ms)}</span>
                <span class="figure-detail">9 in 10 were followed up within this</span>
              </dd>
            </div>
            <div class="figure">
              <dt>MQLs in this period</dt>
              <dd>
                <span class="figure-value">{format.count(sla.mqls)}</span>
                <span class="figure-detail">{`${format.count(sla.running)} still within their time`}</span>
              </dd>
            </div>
          </dl>
          <ChartFigure
            title="MQLs by follow-up"
            chart={<StackedBar parts={parts} label={summary} />}
            legend={parts.map((part) => ({ label: part.label, series: part.series }))}
            table={
              <table class="table">
                <caption>MQLs by follow-up</caption>
                <thead>
                  <tr>
                    <th scope="col">Follow-up</th>
                    <th scope="col" class="num">
                      MQLs
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {parts.map((part) => (
                    <tr key={part.series}>
                      <th scope="row">{part.label}</th>
                      <td class="num">{format.count(part.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        </>
      )}

      <h3 id="overdue-title">Overdue leads</h3>
      {sla.overdue.length === 0 ? (
        <p class="note">No MQL from this period is waiting past its time.</p>
      ) : (
        <>
          <div class="table-wrap" role="region" aria-labelledby="overdue-title" tabIndex={0}>
            <table class="table overdue">
              <thead>
                <tr>
                  <th scope="col">Lead</th>
                  <th scope="col">MQL since</th>
                  <th scope="col">Overdue by</th>
                </tr>
              </thead>
              <tbody>
                {sla.overdue.slice(0, OVERDUE_SHOWN).map((lead) => (
                  <tr key={lead.email}>
                    <th scope="row">
                      <bdi>{lead.name || lead.email}</bdi>
                      {lead.name ? (
                        <span class="muted lead-email">
                          <bdi>{lead.email}</bdi>
                        </span>
                      ) : null}
                    </th>
                    <td>{dates.dateTime(lead.mqlAt)}</td>
                    <td>{dates.duration(lead.overdueMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {sla.overdue.length > OVERDUE_SHOWN ? (
            <p class="note">{`And ${format.count(sla.overdue.length - OVERDUE_SHOWN)} more, longest overdue first above.`}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
