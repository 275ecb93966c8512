/**
 * Why leads were turned down ("not a fit", "bad timing", "wrong contact", "lost"), by the
 * campaign that brought them: the feedback marketing needs to change its targeting. Reasons are
 * salespeople's free text and campaign names come from the platforms: text only.
 */
import { NO_CAMPAIGN_ID, type ReasonRow } from '../../lib/report/compute';
import { round, type ReportFormat } from '../../lib/report/share';
import { BarChart, ChartFigure } from './charts';

/** The chart shows the most frequent reasons; the table below it has them all. */
export const TOP_REASONS = 10;
export const NO_REASON = 'No reason given';

export interface ReasonTotal {
  label: string;
  reason: string;
  count: number;
}

/** Reasons summed over campaigns, most frequent first (ties: by outcome, then reason). */
export function reasonTotals(reasons: readonly ReasonRow[]): ReasonTotal[] {
  const totals = new Map<string, ReasonTotal>();
  for (const row of reasons) {
    const key = `${row.kind}\u0000${row.reason.toLowerCase()}`;
    const total = totals.get(key) ?? { label: row.label, reason: row.reason, count: 0 };
    total.count += row.count;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) => b.count - a.count || a.label.localeCompare(b.label) || a.reason.localeCompare(b.reason),
  );
}

/** By campaign (A to Z, "no campaign touch" last), most frequent reason first within each. */
export function reasonsByCampaign(reasons: readonly ReasonRow[], locale?: string): ReasonRow[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...reasons].sort(
    (a, b) =>
      Number(a.campaignId === NO_CAMPAIGN_ID) - Number(b.campaignId === NO_CAMPAIGN_ID) ||
      collator.compare(a.name, b.name) ||
      a.campaignId.localeCompare(b.campaignId) ||
      b.count - a.count,
  );
}

export function ReasonsSection({ reasons, format }: { reasons: readonly ReasonRow[]; format: ReportFormat }) {
  const totals = reasonTotals(reasons);
  const top = totals.slice(0, TOP_REASONS);
  const text = (total: ReasonTotal) => `${total.label}: ${total.reason || NO_REASON.toLowerCase()}`;
  const summary =
    top.length === 0
      ? ''
      : `Most frequent reasons leads were turned down: ${top
          .map((total) => `${text(total)}, ${format.count(round(total.count, 2))}`)
          .join('; ')}.`;

  return (
    <section class="section" aria-labelledby="reasons-title">
      <h2 id="reasons-title">Why leads were turned down</h2>
      <p class="intro">
        What sales said about the leads they turned down or lost, by the campaign credited with the lead.
      </p>
      {reasons.length === 0 ? (
        <p class="note">No lead was turned down or lost in this period.</p>
      ) : (
        <>
          <ChartFigure
            title="Most frequent reasons"
            chart={
              <BarChart
                label={summary}
                bars={top.map((total) => ({
                  label: text(total),
                  value: total.count,
                  text: format.count(round(total.count, 2)),
                  series: 'turned-down',
                }))}
              />
            }
            table={
              <table class="table">
                <caption>Most frequent reasons</caption>
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">Outcome</th>
                    <th scope="col" class="num">
                      Leads
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {totals.map((total, index) => (
                    <tr key={index}>
                      <th scope="row">{total.reason ? <bdi>{total.reason}</bdi> : <em>{NO_REASON}</em>}</th>
                      <td>{total.label}</td>
                      <td class="num">{format.count(round(total.count, 2))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
          <div class="table-wrap" role="region" aria-labelledby="reasons-by-campaign" tabIndex={0}>
            <table class="table reasons">
              <caption id="reasons-by-campaign">Reasons by campaign</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                  <th scope="col" class="num">
                    Leads
                  </th>
                </tr>
              </thead>
              <tbody>
                {reasonsByCampaign(reasons, format.locale).map((row, index) => (
                  <tr key={index}>
                    <th scope="row">
                      <bdi>{row.campaignId === NO_CAMPAIGN_ID ? <em>{row.name}</em> : row.name}</bdi>
                    </th>
                    <td>{row.label}</td>
                    <td>{row.reason ? <bdi>{row.reason}</bdi> : <em>{NO_REASON}</em>}</td>
                    <td class="num">{format.count(round(row.count, 2))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
