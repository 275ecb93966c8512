import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Outcome, Touchpoint, type OutcomeInput, type TouchpointInput } from '../model';
import { FORMULA_CELLS, PLAIN_CELLS } from '../export/formula-cases';
import { DEFAULT_OUTCOMES } from '../settings/schema';
import { computeReport, type AttributionModel, type Report } from './compute';
import {
  CAMPAIGN_COLUMNS,
  campaignTable,
  createReportFormat,
  csvCell,
  markdownText,
  reportToCsv,
  reportToMarkdown,
  TOTAL_NAME,
} from './share';

/*
 * Two campaigns and three leads, range 2026-02-01 → 2026-03-01:
 *   alpha (email):    A opens 02-02, B opens 02-03, C opens 02-04
 *   beta  (webinar):  B attends 02-05
 *   A: meeting 02-10, won 1234.5 USD 02-20        B: not a fit 02-12 "Too small"
 *   C: no outcome
 * First touch: alpha gets A (outcome, meeting, SQL, won, 1234.5) and B (outcome);
 * beta engaged 1 lead and is credited nothing.
 *   alpha: engaged 3, outcome 2, meetings 1, SQLs 1, won 1, revenue 1234.5;
 *          rates 2/3 = 66.7 %, 1/2 = 50 %, 1/1 = 100 %, 1/1 = 100 %
 *   beta:  engaged 1, nothing else; rates 0 %, then none
 * Linear: B's outcome splits ½ alpha ½ beta → alpha 1.5 outcomes, beta 0.5.
 */
const alpha = { id: 'alpha', name: 'Alpha', channel: 'email' as const };
const beta = { id: 'beta', name: 'Beta', channel: 'webinar' as const };
const touch = (
  id: string,
  lead: string,
  campaign: TouchpointInput['campaign'],
  date: string,
  kind: Touchpoint['kind'] = 'email_open',
) =>
  Touchpoint.parse({
    id,
    leadEmail: `${lead}@x.example`,
    occurredAt: `${date}T12:00:00.000Z`,
    kind,
    campaign,
    source: 'local',
  });
let seq = 0;
const outcome = (lead: string, kind: string, date: string, extra: Partial<OutcomeInput> = {}) =>
  Outcome.parse({
    id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    leadEmail: `${lead}@x.example`,
    kind,
    createdAt: `${date}T12:00:00.000Z`,
    target: 'local',
    ...extra,
  });

function reportWith(
  names: { alpha?: string; beta?: string } = {},
  model: AttributionModel = 'first',
  reason = 'Too small',
): Report {
  const a = { ...alpha, name: names.alpha ?? alpha.name };
  const b = { ...beta, name: names.beta ?? beta.name };
  return computeReport({
    leads: [],
    touchpoints: [
      touch('1', 'a', a, '2026-02-02'),
      touch('2', 'b', a, '2026-02-03'),
      touch('3', 'c', a, '2026-02-04'),
      touch('4', 'b', b, '2026-02-05', 'webinar_attended'),
    ],
    outcomes: [
      outcome('a', 'meeting_booked', '2026-02-10'),
      outcome('a', 'won', '2026-02-20', { amount: 1234.5, currency: 'USD' }),
      outcome('b', 'not_a_fit', '2026-02-12', { reason }),
    ],
    outcomeTypes: DEFAULT_OUTCOMES,
    sla: {
      hours: 24,
      businessHoursOnly: false,
      businessDays: [1, 2, 3, 4, 5],
      dayStartHour: 9,
      dayEndHour: 17,
      timeZone: 'UTC',
    },
    range: { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') },
    model,
  });
}

const parse = (csv: string) => Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;

describe('reportToCsv', () => {
  it('is the hand-worked table, totals last', () => {
    expect(reportToCsv(reportWith())).toBe(
      [
        'Campaign,Channel,Leads engaged,Leads with an outcome,Meetings,SQLs,Won,Revenue (USD),Outcome rate (% of leads engaged),Meeting rate (% of leads with an outcome),SQL rate (% of meetings),Win rate (% of SQLs)',
        'Alpha,Email,3,2,1,1,1,1234.5,66.7,50,100,100',
        'Beta,Webinar,1,0,0,0,0,0,0,,,',
        `${TOTAL_NAME},,3,2,1,1,1,1234.5,66.7,50,100,100`,
        '',
      ].join('\r\n'),
    );
  });

  it.each<AttributionModel>(['first', 'last', 'linear'])(
    'matches the table model cell for cell (%s)',
    (model) => {
      const report = reportWith({}, model);
      const table = campaignTable(report);
      const [header, ...rows] = parse(reportToCsv(report));
      expect(header).toHaveLength(CAMPAIGN_COLUMNS.length);
      expect(rows).toEqual(
        [...table.rows, table.totals].map((row) => [
          row.name,
          row.channel,
          ...CAMPAIGN_COLUMNS.slice(2).map((column) => {
            const value = row.values[column.key as keyof typeof row.values];
            return value === null ? '' : String(value);
          }),
        ]),
      );
    },
  );

  it('rounds linear shares to two decimals, as the page shows them', () => {
    const rows = parse(reportToCsv(reportWith({}, 'linear')));
    expect(rows[1]?.slice(0, 4)).toEqual(['Alpha', 'Email', '3', '1.5']);
    expect(rows[2]?.slice(0, 4)).toEqual(['Beta', 'Webinar', '1', '0.5']);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","Click")', `"'=HYPERLINK(""http://evil.example"",""Click"")"`],
    ['+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['Plain = fine', 'Plain = fine'],
  ])('keeps the hostile cell %j inert: %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each(FORMULA_CELLS)('keeps the campaign name %j inert in the report CSV', (value) => {
    const report = reportWith({ alpha: value });
    const rows = parse(reportToCsv(report));
    // What the report kept of the name (it may be trimmed), behind an apostrophe.
    expect(rows[1]?.[0]).toBe(`'${campaignTable(report).rows[0]!.name}`);
    for (const row of rows) expect(row).toHaveLength(CAMPAIGN_COLUMNS.length);
  });

  it.each(PLAIN_CELLS)('leaves the campaign name %j as it is', (value) => {
    expect(parse(reportToCsv(reportWith({ alpha: value })))[1]?.[0]).toBe(value);
  });

  it('a hostile campaign name reaches the spreadsheet as text', () => {
    const name = "=cmd|' /C calc'!A0";
    const rows = parse(reportToCsv(reportWith({ alpha: name })));
    expect(rows[1]?.[0]).toBe(`'${name}`);
    // Every row still has every column: nothing in the name split a cell or a line.
    for (const row of rows) expect(row).toHaveLength(CAMPAIGN_COLUMNS.length);
  });
});

describe('reportToMarkdown', () => {
  const unescapedPipes = (line: string) => line.replace(/\\\|/g, '').split('|').length - 1;

  it('is a Markdown table with the numbers formatted for people', () => {
    const markdown = reportToMarkdown(reportWith(), { locale: 'en-US', title: 'Report, February' });
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('### Report, February');
    expect(markdown).toContain(
      '| Alpha | Email | 3 | 2 | 1 | 1 | 1 | $1,234.5 | 66.7% | 50% | 100% | 100% |',
    );
    expect(markdown).toContain('| Beta | Webinar | 1 | 0 | 0 | 0 | 0 | $0 | 0% | – | – | – |');
    expect(markdown).toContain('| **All campaigns** |  | **3** |');
    expect(markdown).toContain('| Alpha | Not a fit | Too small | 1 |');
    expect(markdown).toContain('- No leads became MQLs in this period.');
  });

  it('keeps hostile names inside their cell and inert', () => {
    const markdown = reportToMarkdown(
      reportWith(
        { alpha: 'A | B\n| injected | row |', beta: '<img src=x onerror=alert(1)> [x](javascript:alert(1))' },
        'first',
        'bad\r\n|reason',
      ),
      { locale: 'en-US' },
    );
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
    const campaignLines = tableLines.slice(0, 5); // header, rule, Alpha, Beta, totals
    for (const line of campaignLines) expect(unescapedPipes(line)).toBe(CAMPAIGN_COLUMNS.length + 1);
    expect(markdown).toContain('| A \\| B \\| injected \\| row \\| |');
    expect(markdown).not.toMatch(/(^|[^\\])<img/);
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\> \\[x\\](javascript:alert(1))');
    expect(markdown).toContain('bad \\|reason');
  });

  it('breaks every autolink in a campaign name, title and reason', () => {
    const markdown = reportToMarkdown(
      reportWith(
        { alpha: 'Visit https://evil.example/x now', beta: 'www.evil.example or mail phish@evil.example' },
        'first',
        'see evil.com/help',
      ),
      { locale: 'en-US', title: 'Report for http://evil.example' },
    );
    expect(markdown).toContain('Visit https\\://evil\\.example/x now');
    expect(markdown).toContain('www\\.evil\\.example or mail phish\\@evil\\.example');
    expect(markdown).toContain('see evil\\.com/help');
    expect(markdown).toContain('### Report for http\\://evil\\.example');
    // What GFM and linkify-style renderers link: a scheme, www., an address, a domain.
    expect(markdown).not.toMatch(/[a-z]:\/\/|www\.|(?<!\\)@|[\w-]\.[a-z]/i);
    // Numbers keep their decimal point.
    expect(markdown).toContain('$1,234.5');
  });

  it.each([
    ['https://evil.example', 'https\\://evil\\.example'],
    ['HTTP://EVIL.EXAMPLE/a?b=c', 'HTTP\\://EVIL\\.EXAMPLE/a?b=c'],
    ['ftp://files.example', 'ftp\\://files\\.example'],
    ['mailto:x@y.example', 'mailto\\:x\\@y\\.example'],
    ['www.evil.example', 'www\\.evil\\.example'],
    ['evil.com', 'evil\\.com'],
    ['@mallory', '\\@mallory'],
    ['Won 1,234.5 at 12:30, v2.0', 'Won 1,234.5 at 12:30, v2.0'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
    ['a|b', 'a\\|b'],
    ['one\r\ntwo\u2028three', 'one two three'],
    ['back\\slash', 'back\\\\slash'],
    ['**bold** _it_ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\`'],
  ])('markdownText(%j) = %j', (input, expected) => {
    expect(markdownText(input)).toBe(expected);
  });
});

describe('createReportFormat', () => {
  it.each<[string, (f: ReturnType<typeof createReportFormat>) => string, string]>([
    ['a fractional count', (f) => f.count(4 / 3), '1.33'],
    ['a large count', (f) => f.count(12345), '12,345'],
    ['whole money', (f) => f.money(9000, 'USD'), '$9,000'],
    ['money with cents', (f) => f.money(3000.33, 'USD'), '$3,000.33'],
    ['another currency', (f) => f.money(5, 'EUR'), '€5'],
    ['a rate', (f) => f.percent(42.9), '42.9%'],
    ['no rate', (f) => f.percent(null), '–'],
  ])('en-US: %s', (_name, run, expected) => {
    expect(run(createReportFormat('en-US'))).toBe(expected);
  });

  it('follows the locale', () => {
    const format = createReportFormat('de-DE');
    expect(format.money(9000, 'EUR').replace(/\s/g, ' ')).toBe('9.000 €');
    expect(format.count(1.5)).toBe('1,5');
  });

  it('falls back to a known locale for a bad tag', () => {
    expect(createReportFormat('not a locale!').count(1000)).toBe('1,000');
  });
});
