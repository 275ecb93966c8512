/**
 * The closed-loop report in Chromium with the built extension: the sample workspace,
 * a set of outcomes recorded for sample leads, and the page's campaign table, SLA section,
 * reasons, CSV export and accessibility.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { resolveRange } from '../../components/report/range';
import { isHumanEngagement } from '../../lib/insights/kinds';
import { markMachineActivity } from '../../lib/insights/machine';
import { Outcome, type Lead, type Touchpoint } from '../../lib/model';
import { computeReport, type AttributionModel } from '../../lib/report/compute';
import { CAMPAIGN_COLUMNS, campaignTable, columnHeader } from '../../lib/report/share';
import { DEFAULT_OUTCOMES, SlaSettings } from '../../lib/settings/schema';
import { expect, test } from './fixtures';
import { ReportPage, type TableRow } from './pages/report';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/*
 * Eleven sample leads, each with a campaign touch in the last 60 days, get one outcome each in
 * the last day. Whatever the attribution, the totals are plain: 11 leads with an outcome;
 * 7 reached a meeting (4 meetings, 1 qualified, 2 won), 3 an SQL, 2 won, for 12,000 + 3,000 USD.
 */
const PLAN: { kind: string; amount?: number; reason?: string }[] = [
  { kind: 'meeting_booked' },
  { kind: 'meeting_booked' },
  { kind: 'meeting_booked' },
  { kind: 'meeting_booked' },
  { kind: 'qualified' },
  { kind: 'won', amount: 12_000 },
  { kind: 'won', amount: 3_000 },
  { kind: 'not_a_fit', reason: 'Too small' },
  { kind: 'not_a_fit', reason: 'Too small' },
  { kind: 'lost', reason: 'Chose a competitor' },
  { kind: 'bad_timing' },
];

function recordedOutcomes(touchpoints: Touchpoint[], now: number): Outcome[] {
  const recent = new Set(
    markMachineActivity(touchpoints)
      .filter((t) => t.campaign && isHumanEngagement(t) && Date.parse(t.occurredAt) > now - 60 * DAY)
      .map((t) => t.leadEmail),
  );
  const leads = [...recent].sort().slice(0, PLAN.length);
  expect(leads).toHaveLength(PLAN.length);
  return PLAN.map((plan, i) =>
    Outcome.parse({
      id: randomUUID(),
      leadEmail: leads[i],
      kind: plan.kind,
      label: DEFAULT_OUTCOMES.find((type) => type.key === plan.kind)?.label,
      ...(plan.amount ? { amount: plan.amount, currency: 'USD' } : {}),
      ...(plan.reason ? { reason: plan.reason } : {}),
      createdAt: new Date(now - (i + 1) * HOUR).toISOString(),
      by: 'E2E Tester',
      target: 'local',
      attribution: { touches: [] },
      delivery: 'local',
      attempts: 0,
    }),
  );
}

/** The table the page should show, worked out with computeReport over the same data. */
function expectedTable(
  data: { leads: Lead[]; touchpoints: Touchpoint[]; outcomes: Outcome[] },
  zone: string,
  model: AttributionModel,
): { rows: TableRow[]; report: ReturnType<typeof computeReport> } {
  const now = Date.now();
  const range = resolveRange({ preset: 'last30' }, now, zone);
  if (!range.ok) throw new Error(range.error);
  const report = computeReport({
    leads: data.leads,
    touchpoints: markMachineActivity(data.touchpoints),
    outcomes: data.outcomes,
    outcomeTypes: DEFAULT_OUTCOMES,
    sla: { ...SlaSettings.parse({}), timeZone: zone },
    range,
    model,
    now: new Date(now),
    windowDays: 180,
  });
  const table = campaignTable(report);
  const rows = [...table.rows, table.totals].map((row) => [
    row.name,
    row.channel,
    ...CAMPAIGN_COLUMNS.slice(2).map((column) => {
      const value = row.values[column.key as keyof typeof row.values];
      return value === null ? '' : String(value);
    }),
  ]);
  return { rows, report };
}

test('the report shows the campaign table, SLA and reasons for recorded outcomes; CSV and axe agree', async ({
  openExtensionPage,
  extensionErrors,
}) => {
  test.setTimeout(120_000);
  const page = await openExtensionPage('report.html');
  const report = new ReportPage(page);
  const sample = await report.useSample();
  expect(sample.leads).toBeGreaterThan(0);

  const workspace = await report.readWorkspace();
  const outcomes = recordedOutcomes(workspace.touchpoints, Date.now());
  await report.insertOutcomes(outcomes);
  await page.reload();
  await report.waitForReport();
  await expect(report.scope).toContainText('Outcomes recorded in this browser');

  // The campaign table: every row as computeReport works it out, and the plain totals.
  const zone = await report.timeZone();
  const first = expectedTable({ ...workspace, outcomes }, zone, 'first');
  const shown = await report.tableRows();
  expect(shown).toEqual(first.rows);
  expect(shown.length).toBeGreaterThan(2);
  const totals = shown.at(-1)!;
  expect(totals.slice(0, 2)).toEqual(['All campaigns', '']);
  expect(totals.slice(3, 8)).toEqual(['11', '7', '3', '2', '15000']);
  expect(await report.tableHeaders()).toEqual(
    CAMPAIGN_COLUMNS.map((column) => (column.kind === 'money' ? `${column.label} (USD)` : column.label)),
  );

  // The SLA section and the reasons.
  const { sla, reasons } = first.report;
  await expect(report.slaFigure('MQLs in this period')).toHaveText(sla.mqls.toLocaleString('en-US'));
  expect(sla.mqls).toBeGreaterThan(0);
  await expect(report.overdueRows).toHaveCount(Math.min(50, sla.overdue.length));
  await expect(report.reasonsTable.locator('tbody tr')).toHaveCount(reasons.length);
  await expect(report.reasonsTable).toContainText('Too small');
  await expect(report.reasonsTable).toContainText('Chose a competitor');
  await expect(report.reasonsTable).toContainText('Bad timing');

  // The CSV download holds exactly the table.
  const [download] = await Promise.all([page.waitForEvent('download'), report.downloadCsv.click()]);
  expect(download.suggestedFilename()).toMatch(
    /^loopline-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = Papa.parse<string[]>(csv.slice(1).trimEnd(), { header: false }).data;
  expect(header).toEqual(CAMPAIGN_COLUMNS.map((column) => columnHeader(column, 'USD')));
  expect(rows).toEqual(shown);

  // Another model recomputes the table.
  await report.model('Last touch').check();
  await expect(report.campaignTable).toHaveAccessibleName(/by last touch$/);
  expect(await report.tableRows()).toEqual(expectedTable({ ...workspace, outcomes }, zone, 'last').rows);

  // Accessibility, with every chart's table view open.
  // Each button becomes "Hide table" once clicked, so take the first remaining one each time.
  for (let open = await report.showAsTable.count(); open > 0; open--)
    await report.showAsTable.first().click();
  await expect(report.showAsTable).toHaveCount(0);
  expect(await report.axeViolations()).toEqual([]);
  expect(extensionErrors).toEqual([]);
});
