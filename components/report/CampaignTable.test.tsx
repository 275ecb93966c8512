import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_CAMPAIGN_ID } from '../../lib/report/compute';
import {
  createReportFormat,
  TOTAL_ID,
  TOTAL_NAME,
  type CampaignTable as Table,
  type CampaignTableRow,
  type NumericKey,
} from '../../lib/report/share';
import { CampaignTable, sortRows, type SortState } from './CampaignTable';

afterEach(() => document.body.replaceChildren());

const format = createReportFormat('en-US');
const values = (v: Partial<Record<NumericKey, number | null>>): Record<NumericKey, number | null> => ({
  leadsEngaged: 0,
  leadsWithOutcome: 0,
  meetings: 0,
  sqls: 0,
  won: 0,
  revenue: 0,
  outcomeRate: null,
  meetingRate: null,
  sqlRate: null,
  winRate: null,
  ...v,
});
const row = (
  campaignId: string,
  name: string,
  v: Partial<Record<NumericKey, number | null>>,
): CampaignTableRow => ({
  campaignId,
  name,
  channel: campaignId === NO_CAMPAIGN_ID ? '' : 'Email',
  values: values(v),
});

// In the report's own order (revenue first), "no campaign touch" last.
const rows = [
  row('w', 'webinar', { leadsEngaged: 10, meetings: 2, revenue: 5000, winRate: 50 }),
  row('b', 'Brief', { leadsEngaged: 30, meetings: 5, revenue: 900, winRate: null }),
  row('a', 'ads 10', { leadsEngaged: 5, meetings: 5, revenue: 900, winRate: 100 }),
  row('a2', 'ads 9', { leadsEngaged: 7, meetings: 1, revenue: 0, winRate: 0 }),
  row(NO_CAMPAIGN_ID, 'No campaign touch', { leadsEngaged: 0, meetings: 9, revenue: 9999 }),
];
const table: Table = {
  currency: 'EUR',
  rows,
  totals: {
    campaignId: TOTAL_ID,
    name: TOTAL_NAME,
    channel: '',
    values: values({ leadsEngaged: 40, meetings: 22, revenue: 16799 }),
  },
};

describe('sortRows', () => {
  const names = (sort: SortState | null) => sortRows(rows, sort, 'en-US').map((r) => r.name);
  it.each<[SortState | null, string[]]>([
    [null, ['webinar', 'Brief', 'ads 10', 'ads 9', 'No campaign touch']],
    [
      { key: 'leadsEngaged', direction: 'descending' },
      ['Brief', 'webinar', 'ads 9', 'ads 10', 'No campaign touch'],
    ],
    [
      { key: 'leadsEngaged', direction: 'ascending' },
      ['ads 10', 'ads 9', 'webinar', 'Brief', 'No campaign touch'],
    ],
    // Ties keep the report's order (Brief before ads 10 at 5 meetings, 900 revenue).
    [
      { key: 'meetings', direction: 'descending' },
      ['Brief', 'ads 10', 'webinar', 'ads 9', 'No campaign touch'],
    ],
    [
      { key: 'revenue', direction: 'ascending' },
      ['ads 9', 'Brief', 'ads 10', 'webinar', 'No campaign touch'],
    ],
    // Names: case-insensitive, numbers in names in numeric order.
    [{ key: 'name', direction: 'ascending' }, ['ads 9', 'ads 10', 'Brief', 'webinar', 'No campaign touch']],
    [{ key: 'name', direction: 'descending' }, ['webinar', 'Brief', 'ads 10', 'ads 9', 'No campaign touch']],
    // A missing rate sorts last both ways.
    [
      { key: 'winRate', direction: 'descending' },
      ['ads 10', 'webinar', 'ads 9', 'Brief', 'No campaign touch'],
    ],
    [
      { key: 'winRate', direction: 'ascending' },
      ['ads 9', 'webinar', 'ads 10', 'Brief', 'No campaign touch'],
    ],
  ])('%j', (sort, expected) => {
    expect(names(sort)).toEqual(expected);
  });
});

describe('CampaignTable', () => {
  const header = (name: RegExp) => screen.getByRole('columnheader', { name });
  const firstColumn = () =>
    within(screen.getByRole('table'))
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);

  it('sorts by a column from its header button and says so with aria-sort', () => {
    render(<CampaignTable table={table} format={format} caption="Campaigns" />);
    expect(screen.getAllByRole('columnheader').filter((th) => th.hasAttribute('aria-sort'))).toEqual([]);

    fireEvent.click(within(header(/^Leads engaged/)).getByRole('button'));
    expect(header(/^Leads engaged/).getAttribute('aria-sort')).toBe('descending');
    expect(firstColumn()).toEqual(['Brief', 'webinar', 'ads 9', 'ads 10', 'No campaign touch', TOTAL_NAME]);

    fireEvent.click(within(header(/^Leads engaged/)).getByRole('button'));
    expect(header(/^Leads engaged/).getAttribute('aria-sort')).toBe('ascending');
    expect(firstColumn()[0]).toBe('ads 10');

    fireEvent.click(within(header(/^Campaign/)).getByRole('button'));
    expect(header(/^Campaign/).getAttribute('aria-sort')).toBe('ascending');
    expect(header(/^Leads engaged/).hasAttribute('aria-sort')).toBe(false);
    expect(firstColumn()).toEqual(['ads 9', 'ads 10', 'Brief', 'webinar', 'No campaign touch', TOTAL_NAME]);
  });

  it('sort buttons are keyboard controls (real buttons) named by their column', () => {
    render(<CampaignTable table={table} format={format} caption="Campaigns" />);
    const buttons = within(screen.getByRole('table')).getAllByRole('button');
    expect(buttons.map((button) => button.textContent?.replace(/ [▲▼↕]$/, ''))).toEqual([
      'Campaign',
      'Channel',
      'Leads engaged',
      'Leads with an outcome',
      'Meetings',
      'SQLs',
      'Won',
      'Revenue (EUR)',
      'Outcome rate',
      'Meeting rate',
      'SQL rate',
      'Win rate',
    ]);
    for (const button of buttons) expect(button.getAttribute('type')).toBe('button');
  });

  it('shows numbers formatted, with their plain values alongside, and says when a rate does not apply', () => {
    render(<CampaignTable table={table} format={format} caption="Campaigns" />);
    const webinar = screen.getByRole('rowheader', { name: 'webinar' }).closest('tr')!;
    const cells = within(webinar).getAllByRole('cell');
    expect(cells[6]?.textContent).toBe('€5,000');
    expect(cells[6]?.querySelector('data')?.getAttribute('value')).toBe('5000');
    expect(cells[10]?.textContent).toBe('50%');
    const brief = screen.getByRole('rowheader', { name: 'Brief' }).closest('tr')!;
    expect(within(brief).getAllByRole('cell')[10]?.textContent).toBe('–not applicable');
    expect(within(brief).getAllByRole('cell')[10]?.querySelector('data')).toBeNull();
  });

  it('keeps the totals in the footer, outside the sorted rows', () => {
    render(<CampaignTable table={table} format={format} caption="Campaigns" />);
    const footer = screen.getByRole('table').querySelector('tfoot')!;
    expect(within(footer).getByRole('rowheader').textContent).toBe(TOTAL_NAME);
    expect(within(footer).getAllByRole('cell')[1]?.textContent).toBe('40');
  });

  it('renders a hostile campaign name as text', () => {
    const evil = '<img src=x onerror=alert(1)><b>bold</b>';
    render(
      <CampaignTable
        table={{ ...table, rows: [row('x', evil, { leadsEngaged: 1 })] }}
        format={format}
        caption="Campaigns"
      />,
    );
    expect(screen.getByRole('rowheader', { name: evil })).toBeTruthy();
    expect(document.querySelector('img, b')).toBeNull();
  });

  it('the table region is focusable, so it can be scrolled by keyboard', () => {
    render(<CampaignTable table={table} format={format} caption="Campaigns by first touch" />);
    const region = screen.getByRole('region', { name: 'Campaigns by first touch' });
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(screen.getByRole('table', { name: 'Campaigns by first touch' })).toBeTruthy();
  });
});
