import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { err } from '../../lib/messaging/result';
import { reportToCsv } from '../../lib/report/share';
import { computeReport } from '../../lib/report/compute';
import { DEFAULT_OUTCOMES } from '../../lib/settings/schema';
import { eventHandlerAttributes } from '../test-utils';
import { ReportApp } from './ReportApp';
import { CSV_BOM } from './ShareBar';
import { email, fakeDeps, NOW, outcome, reportData, reportSettings, teamReply } from './test-data';

afterEach(() => document.body.replaceChildren());

async function renderReport(deps = fakeDeps()) {
  const result = render(<ReportApp deps={deps} />);
  await screen.findByRole('heading', { level: 2, name: 'Campaigns' });
  return { deps, ...result };
}

const campaignTable = () => screen.getByRole('table', { name: /^Campaigns, outcomes credited by/ });
/** Each body row as [campaign, …cell texts]. */
const bodyRows = () =>
  within(campaignTable())
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .queryAllByRole(/^(rowheader|cell)$/)
        .map((cell) => cell.textContent ?? ''),
    );

describe('ReportApp', () => {
  it('reads the last 30 days in the SLA zone, with the attribution window from settings', async () => {
    const deps = fakeDeps({ settingsValue: reportSettings((s) => void (s.historyDays = 120)) });
    await renderReport(deps);
    expect(deps.load).toHaveBeenCalledTimes(1);
    expect(deps.load).toHaveBeenCalledWith({
      range: expect.objectContaining({
        from: new Date('2026-01-31T00:00:00Z'),
        to: new Date('2026-03-02T00:00:00Z'),
      }),
      sources: ['local'],
      windowDays: 120,
    });
  });

  it('says when the sample workspace is part of what it counts, and not otherwise', async () => {
    const first = await renderReport();
    expect(screen.queryByText(/Includes the sample workspace/)).toBeNull();
    first.unmount();
    await renderReport(fakeDeps({ data: { ...reportData(), sampleLeads: 300 } }));
    expect(
      screen.getByText(
        'Includes the sample workspace: 300 fictional leads and their campaigns. Remove it under Options → Data to see only your own data.',
      ),
    ).toBeTruthy();
  });

  it('shows the hand-worked campaign table, totals last', async () => {
    await renderReport();
    expect(bodyRows()).toEqual([
      ['Alpha', 'Email', '3', '2', '1', '1', '1', '$1,234.5', '66.7%', '50%', '100%', '100%'],
      [
        'Beta',
        'Webinar',
        '1',
        '0',
        '0',
        '0',
        '0',
        '$0',
        '0%',
        '–not applicable',
        '–not applicable',
        '–not applicable',
      ],
      ['All campaigns', '', '3', '2', '1', '1', '1', '$1,234.5', '66.7%', '50%', '100%', '100%'],
    ]);
  });

  it('switching the model recomputes without reading again', async () => {
    const { deps } = await renderReport();
    fireEvent.click(screen.getByRole('radio', { name: 'Linear' }));
    expect((screen.getByRole('radio', { name: 'Linear' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('table', { name: 'Campaigns, outcomes credited by linear' })).toBe(
      campaignTable(),
    );
    expect(bodyRows().map((row) => row.slice(0, 4))).toEqual([
      ['Alpha', 'Email', '3', '1.5'],
      ['Beta', 'Webinar', '1', '0.5'],
      ['All campaigns', '', '3', '2'],
    ]);
    expect(screen.getByText(/counts can be fractions/)).toBeTruthy();
    expect(deps.load).toHaveBeenCalledTimes(1);
  });

  it('a new time range reads again', async () => {
    const { deps } = await renderReport();
    fireEvent.change(screen.getByLabelText('Time range'), { target: { value: 'last7' } });
    await screen.findByRole('heading', { level: 2, name: 'Campaigns' });
    expect(deps.load).toHaveBeenCalledTimes(2);
    expect(vi.mocked(deps.load).mock.calls[1]?.[0].range.from).toEqual(new Date('2026-02-23T00:00:00Z'));
  });

  it('a custom range asks for valid dates before reading', async () => {
    const { deps } = await renderReport();
    fireEvent.change(screen.getByLabelText('Time range'), { target: { value: 'custom' } });
    expect(screen.getByText('Enter a start and an end date.')).toBeTruthy();
    expect(screen.getByLabelText('From').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-02-10' } });
    fireEvent.change(screen.getByLabelText('To (included)'), { target: { value: '2026-02-01' } });
    expect(screen.getByText('The start date is after the end date.')).toBeTruthy();
    expect(deps.load).toHaveBeenCalledTimes(1);
    fireEvent.change(screen.getByLabelText('To (included)'), { target: { value: '2026-02-20' } });
    await screen.findByRole('heading', { level: 2, name: 'Campaigns' });
    expect(deps.load).toHaveBeenCalledTimes(2);
    expect(vi.mocked(deps.load).mock.calls[1]?.[0].range).toMatchObject({
      from: new Date('2026-02-10T00:00:00Z'),
      to: new Date('2026-02-21T00:00:00Z'),
    });
  });

  it('shows the SLA figures and the overdue lead', async () => {
    await renderReport();
    const sla = screen.getByRole('region', { name: 'SLA compliance' });
    // A in time, C overdue: 1 of 2 whose time is up.
    expect(within(sla).getByText('50%')).toBeTruthy();
    expect(within(sla).getByText('1 of 2 MQLs whose time is up')).toBeTruthy();
    expect(within(sla).getAllByText('1 day')).toHaveLength(2); // median and p90: 24 h
    const overdue = within(sla).getByRole('region', { name: 'Overdue leads' });
    expect(within(overdue).getByRole('rowheader').textContent).toBe('Cy Young' + email('c'));
    // Due 02-21 12:00, read at 03-01 12:00: 8 days.
    expect(within(overdue).getByText('8 days')).toBeTruthy();
  });

  it('shows why leads were turned down, by campaign', async () => {
    await renderReport();
    const reasons = screen.getByRole('table', { name: 'Reasons by campaign' });
    expect(within(reasons).getAllByRole('row')[1]?.textContent).toMatch(/^AlphaNot a fitToo small1$/);
    expect(
      screen.getByRole('img', {
        name: /Most frequent reasons leads were turned down: Not a fit: Too small, 1\./,
      }),
    ).toBeTruthy();
  });

  it('shows outcomes per week, with the numbers in words and as a table', async () => {
    await renderReport();
    const chart = screen.getByRole('img', { name: /^Outcomes recorded per week/ });
    expect(chart.getAttribute('aria-label')).toMatch(/: 3 in total, most in the week of/);
    const toggle = screen.getAllByRole('button', { name: 'Show as table' }).at(-1)!;
    fireEvent.click(toggle);
    const table = screen.getByRole('table', { name: 'Outcomes per week' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 5); // weeks of 01-26 … 02-23
  });

  it('the empty state explains how to record an outcome', async () => {
    const data = { ...reportData(), outcomes: [], outcomesEver: 0 };
    await renderReport(fakeDeps({ data }));
    expect(screen.getByRole('heading', { name: 'No outcomes recorded yet' })).toBeTruthy();
    expect(screen.getByText(/in the Loopline sidebar choose what happened/)).toBeTruthy();
    // Engagement still shows; SLA, reasons and weeks say there is nothing.
    expect(bodyRows()[0]?.slice(0, 3)).toEqual(['Alpha', 'Email', '3']);
    expect(screen.getByText('No lead was turned down or lost in this period.')).toBeTruthy();
    expect(screen.getByText('No outcome was recorded in this period.')).toBeTruthy();
  });

  it('says when outcomes exist but none in the period', async () => {
    const data = { ...reportData(), outcomes: [], outcomesEver: 12 };
    await renderReport(fakeDeps({ data }));
    expect(screen.queryByRole('heading', { name: 'No outcomes recorded yet' })).toBeNull();
    expect(
      screen.getByText(/No outcome was recorded in this period. Choose a longer time range/),
    ).toBeTruthy();
  });

  it('with no data at all, points to the settings', async () => {
    const data = {
      ...reportData(),
      leads: [],
      touchpoints: [],
      outcomes: [],
      knownLeads: 0,
      outcomesEver: 0,
    };
    render(<ReportApp deps={fakeDeps({ data })} />);
    expect(await screen.findByRole('heading', { name: 'No marketing data yet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: "Loopline's settings" }).getAttribute('href')).toBe(
      '/options.html#sources',
    );
  });

  it('renders hostile names and reasons as text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    await renderReport(
      fakeDeps({
        data: reportData({
          alpha: `${evil}Alpha`,
          beta: '=HYPERLINK("http://evil")',
          reason: `<script>alert(1)</script>`,
          leadName: evil,
        }),
      }),
    );
    expect(document.querySelector('img, script')).toBeNull();
    expect(eventHandlerAttributes(document.body)).toEqual([]);
    expect(screen.getAllByText(`${evil}Alpha`).length).toBeGreaterThan(0);
    expect(screen.getByRole('rowheader', { name: '=HYPERLINK("http://evil")' })).toBeTruthy();
    expect(screen.getAllByText('<script>alert(1)</script>').length).toBeGreaterThan(0);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('downloads the CSV of what is shown', async () => {
    const { deps } = await renderReport();
    fireEvent.click(screen.getByRole('radio', { name: 'Last touch' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    const expected = computeReport({
      ...reportData(),
      outcomeTypes: DEFAULT_OUTCOMES,
      sla: reportSettings().sla,
      range: { from: new Date('2026-01-31T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') },
      model: 'last',
      now: new Date(NOW),
      windowDays: 180,
    });
    expect(deps.download).toHaveBeenCalledWith(
      'loopline-report-2026-01-31-to-2026-03-01.csv',
      'text/csv',
      CSV_BOM + reportToCsv(expected),
    );
    expect(screen.getByRole('status', { name: '' })).toBeDefined();
    expect(screen.getByText('Downloaded loopline-report-2026-01-31-to-2026-03-01.csv.')).toBeTruthy();
  });

  it('copies Markdown and confirms it', async () => {
    const { deps } = await renderReport();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    });
    expect(deps.copyText).toHaveBeenCalledTimes(1);
    // Intl puts thin spaces around the range's dash.
    const markdown = (vi.mocked(deps.copyText).mock.calls[0]?.[0] as unknown as string).replace(
      /[\u2009\u202f]/g,
      ' ',
    );
    expect(markdown).toMatch(/^### Closed-loop report, Jan 31 – Mar 1, 2026\n/);
    expect(markdown).toContain('_Outcomes recorded in this browser · credit by first touch_');
    expect(markdown).toContain('| Alpha | Email | 3 | 2 | 1 | 1 | 1 | $1,234.5 |');
    expect(screen.getByText(/Copied the report as Markdown/)).toBeTruthy();
  });

  it('shows the Markdown to copy by hand when the clipboard is refused', async () => {
    const copyText = vi.fn(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    await renderReport(fakeDeps({ copyText }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    });
    expect(screen.getByText(/did not allow copying/)).toBeTruthy();
    const box = screen.getByLabelText('The report as Markdown') as HTMLTextAreaElement;
    expect(box.value).toContain('| Alpha |');
    expect(box.hasAttribute('readonly')).toBe(true);
  });

  it('filters by source without reading again', async () => {
    const settings = reportSettings((s) => void (s.sources.hubspot.enabled = true));
    const { deps } = await renderReport(fakeDeps({ settingsValue: settings }));
    expect(vi.mocked(deps.load).mock.calls[0]?.[0].sources).toEqual(['local', 'hubspot']);
    const select = screen.getByLabelText('Source');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['All sources', 'Local workspace', 'HubSpot']);
    fireEvent.change(select, { target: { value: 'hubspot' } });
    // Every fixture touchpoint and outcome is local: nothing left under HubSpot.
    expect(screen.getByText('No campaign reached a lead in this period.')).toBeTruthy();
    expect(deps.load).toHaveBeenCalledTimes(1);
  });

  describe('scope', () => {
    it('says the outcomes are this browser’s when no platform can list the team’s', async () => {
      const teamOutcomes = vi.fn();
      await renderReport(fakeDeps({ teamOutcomes }));
      expect(screen.getByText('Outcomes recorded in this browser')).toBeTruthy();
      expect(teamOutcomes).not.toHaveBeenCalled();
    });

    it('counts the team’s outcomes from the platform, once each', async () => {
      const data = reportData();
      const colleague = outcome('c', 'meeting_booked', '2026-02-25', { target: 'rest', by: 'Colleague' });
      const teamOutcomes = vi.fn(async () => teamReply([data.outcomes[0]!, colleague]));
      const settings = reportSettings((s) => void (s.sources.rest.enabled = true));
      await renderReport(fakeDeps({ data, teamOutcomes, settingsValue: settings }));
      expect(teamOutcomes).toHaveBeenCalledWith('rest', new Date('2026-01-30T00:00:00Z'));
      expect(screen.getByText("Your team's outcomes from REST endpoint")).toBeTruthy();
      // C's meeting (first touch alpha) joins A's: 2 meetings; A's meeting is not counted twice.
      expect(bodyRows()[0]?.slice(0, 5)).toEqual(['Alpha', 'Email', '3', '3', '2']);
    });

    it('falls back to this browser’s outcomes and says why', async () => {
      const teamOutcomes = vi.fn(async () =>
        err('bad_request', 'Unknown message type "report.teamOutcomes".'),
      );
      const settings = reportSettings((s) => void (s.sources.rest.enabled = true));
      await renderReport(fakeDeps({ teamOutcomes, settingsValue: settings }));
      expect(screen.getByText('Outcomes recorded in this browser')).toBeTruthy();
      expect(
        screen.getByText(/Could not read your team's outcomes from REST: Unknown message type/),
      ).toBeTruthy();
    });
  });

  it('reports settings it cannot read', async () => {
    render(
      <ReportApp deps={fakeDeps({ settings: async () => err('unavailable', 'Loopline was updated.') })} />,
    );
    expect((await screen.findByRole('alert')).textContent).toMatch(
      'Could not load the settings: Loopline was updated.',
    );
  });

  it('reports data it cannot read', async () => {
    render(
      <ReportApp
        deps={fakeDeps({ load: vi.fn(async () => Promise.reject(new Error('QuotaExceededError'))) })}
      />,
    );
    expect((await screen.findByRole('alert')).textContent).toMatch(
      "Could not read the report's data: QuotaExceededError",
    );
  });
});
