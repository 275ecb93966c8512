/**
 * Sharing the closed-loop report: the per-campaign table as CSV for a spreadsheet and
 * as Markdown for the meeting notes. Both, and the page's table, are built from one table model
 * (campaignTable), rounded once, so what is downloaded is what is shown.
 *
 * Campaign names and reasons come from other people's systems. In CSV a cell that a
 * spreadsheet would run as a formula gets a leading apostrophe (lib/export/formula.ts, the guard
 * every export shares). In Markdown, `|` would end a cell, a line break the row, and `<`, `[`,
 * `*` … would become HTML, links or emphasis; a bare `https://…`, `www.…`, `evil.com` or
 * `a@b.example` would become a link in renderers that autolink (GitHub, most note apps). All of
 * them are backslash-escaped: CommonMark allows it for every ASCII punctuation character and
 * renders the character itself, and an escaped `:`, `.` or `@` no longer starts an autolink.
 */
import { neutraliseFormula } from '../export/formula';
import { channelLabel } from '../sidebar/labels';
import { NO_CAMPAIGN_ID, type CampaignRow, type FunnelCounts, type Report } from './compute';

export type NumericKey =
  | 'leadsEngaged'
  | 'leadsWithOutcome'
  | 'meetings'
  | 'sqls'
  | 'won'
  | 'revenue'
  | 'outcomeRate'
  | 'meetingRate'
  | 'sqlRate'
  | 'winRate';
export type ColumnKey = 'name' | 'channel' | NumericKey;

export interface Column {
  key: ColumnKey;
  label: string;
  kind: 'text' | 'count' | 'money' | 'percent';
  /** What a rate is a share of, for headers that must stand alone (CSV) and for the page's note. */
  of?: string;
}

export const CAMPAIGN_COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Campaign', kind: 'text' },
  { key: 'channel', label: 'Channel', kind: 'text' },
  { key: 'leadsEngaged', label: 'Leads engaged', kind: 'count' },
  { key: 'leadsWithOutcome', label: 'Leads with an outcome', kind: 'count' },
  { key: 'meetings', label: 'Meetings', kind: 'count' },
  { key: 'sqls', label: 'SQLs', kind: 'count' },
  { key: 'won', label: 'Won', kind: 'count' },
  { key: 'revenue', label: 'Revenue', kind: 'money' },
  { key: 'outcomeRate', label: 'Outcome rate', kind: 'percent', of: 'leads engaged' },
  { key: 'meetingRate', label: 'Meeting rate', kind: 'percent', of: 'leads with an outcome' },
  { key: 'sqlRate', label: 'SQL rate', kind: 'percent', of: 'meetings' },
  { key: 'winRate', label: 'Win rate', kind: 'percent', of: 'SQLs' },
];

/** The totals row's id; campaign ids are never empty and NO_CAMPAIGN_ID is '', so this is free. */
export const TOTAL_ID = '\u0000total';
export const TOTAL_NAME = 'All campaigns';

export interface CampaignTableRow {
  /** NO_CAMPAIGN_ID for outcomes no campaign touched; TOTAL_ID for the totals. */
  campaignId: string;
  name: string;
  /** The channel's label ('' on the totals row). */
  channel: string;
  /** Counts and revenue rounded to 2 decimals (linear credit is fractional); rates in percent, 1 decimal. */
  values: Record<NumericKey, number | null>;
}

export interface CampaignTable {
  currency: string;
  rows: CampaignTableRow[];
  totals: CampaignTableRow;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function valuesOf(counts: FunnelCounts): Record<NumericKey, number | null> {
  const percent = (rate: number | null) => (rate === null ? null : round(rate * 100, 1));
  return {
    leadsEngaged: round(counts.leadsEngaged, 2),
    leadsWithOutcome: round(counts.leadsWithOutcome, 2),
    meetings: round(counts.meetings, 2),
    sqls: round(counts.sqls, 2),
    won: round(counts.won, 2),
    revenue: round(counts.revenue, 2),
    outcomeRate: percent(counts.rates.outcomeFromEngaged),
    meetingRate: percent(counts.rates.meetingFromOutcome),
    sqlRate: percent(counts.rates.sqlFromMeeting),
    winRate: percent(counts.rates.wonFromSql),
  };
}

export function campaignTable(report: Report): CampaignTable {
  return {
    currency: report.currency,
    rows: report.campaigns.map((row: CampaignRow) => ({
      campaignId: row.campaignId,
      name: row.name,
      channel: row.campaignId === NO_CAMPAIGN_ID ? '' : channelLabel(row.channel),
      values: valuesOf(row),
    })),
    totals: { campaignId: TOTAL_ID, name: TOTAL_NAME, channel: '', values: valuesOf(report.totals) },
  };
}

/** A column's header standing alone: the currency and what a rate is a share of, spelled out. */
export function columnHeader(column: Column, currency: string): string {
  if (column.kind === 'money') return `${column.label} (${currency})`;
  if (column.kind === 'percent') return `${column.label} (% of ${column.of ?? ''})`;
  return column.label;
}

export function cellOf(row: CampaignTableRow, key: ColumnKey): string | number | null {
  if (key === 'name') return row.name;
  if (key === 'channel') return row.channel;
  return row.values[key];
}

// --- CSV -------------------------------------------------------------------------------------

/** One CSV field (RFC 4180), made inert for spreadsheets. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The per-campaign table and its totals row; numbers unformatted, so a spreadsheet can sum them. */
export function reportToCsv(report: Report): string {
  const table = campaignTable(report);
  const lines = [CAMPAIGN_COLUMNS.map((column) => csvCell(columnHeader(column, table.currency)))];
  for (const row of [...table.rows, table.totals]) {
    lines.push(CAMPAIGN_COLUMNS.map((column) => csvCell(cellOf(row, column.key))));
  }
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

// --- Numbers as people read them ------------------------------------------------------------

export interface ReportFormat {
  readonly locale: string;
  count(value: number): string;
  money(value: number, currency: string): string;
  /** A rate already in percent (42.9 → "42.9%"); '–' when there is nothing to divide by. */
  percent(value: number | null): string;
  /** A table cell as text. */
  cell(row: CampaignTableRow, column: Column, currency: string): string;
}

export const NOT_APPLICABLE = '–';

export function createReportFormat(locale?: string): ReportFormat {
  let resolved: string;
  try {
    resolved = new Intl.NumberFormat(locale).resolvedOptions().locale;
  } catch {
    resolved = 'en-US';
  }
  const counts = new Intl.NumberFormat(resolved, { maximumFractionDigits: 2 });
  const percents = new Intl.NumberFormat(resolved, {
    style: 'unit',
    unit: 'percent',
    maximumFractionDigits: 1,
  });
  const moneys = new Map<string, Intl.NumberFormat | null>();
  const moneyFormat = (currency: string) => {
    let format = moneys.get(currency);
    if (format === undefined) {
      try {
        format = new Intl.NumberFormat(resolved, {
          style: 'currency',
          currency,
          minimumFractionDigits: 0,
          maximumFractionDigits: 2,
        });
      } catch {
        format = null; // not a currency code Intl knows: the number and the code
      }
      moneys.set(currency, format);
    }
    return format;
  };

  const self: ReportFormat = {
    locale: resolved,
    count: (value) => counts.format(value),
    money(value, currency) {
      const format = moneyFormat(currency);
      return format ? format.format(value) : `${counts.format(value)} ${currency}`;
    },
    percent: (value) => (value === null ? NOT_APPLICABLE : percents.format(value)),
    cell(row, column, currency) {
      const value = cellOf(row, column.key);
      if (typeof value === 'string') return value;
      if (column.kind === 'percent') return self.percent(value);
      if (value === null) return NOT_APPLICABLE;
      return column.kind === 'money' ? self.money(value, currency) : self.count(value);
    },
  };
  return self;
}

// --- Markdown --------------------------------------------------------------------------------

/**
 * Where a renderer would start an autolink: the `:` of `scheme://` (and of `mailto:`/`xmpp:`,
 * which GitHub links too), a `.` joining a name to a word, as in `www.x` or `evil.com` (a domain
 * without a scheme is linked by linkify-style renderers), and any `@` (addresses, mentions).
 */
const AUTOLINK = /(?<=[a-z0-9+.-]):(?=\/\/)|(?<=\b(?:mailto|xmpp)):|(?<=[\w-])\.(?=[a-z])|@/gi;

/** Text as one Markdown table cell or inline run: inert, on one line, linking nowhere. */
export function markdownText(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`)
    .replace(AUTOLINK, (char) => `\\${char}`)
    .trim();
}

export interface MarkdownOptions {
  locale?: string;
  /** e.g. "Closed-loop report, Nov 1 – Nov 27, 2026". */
  title?: string;
  /** e.g. "Outcomes recorded in this browser · first touch". */
  subtitle?: string;
  /** How a duration reads ("1 day 2 hr"); hours with one decimal when not given. */
  duration?: (ms: number) => string;
}

const MODEL_NAMES: Record<Report['model'], string> = {
  first: 'first touch',
  last: 'last touch',
  linear: 'linear',
};

export function reportToMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const format = createReportFormat(options.locale);
  const duration = options.duration ?? ((ms: number) => `${format.count(round(ms / 3_600_000, 1))} h`);
  const table = campaignTable(report);
  const out: string[] = [];
  if (options.title) out.push(`### ${markdownText(options.title)}`, '');
  out.push(`_${markdownText(options.subtitle ?? `Attribution: ${MODEL_NAMES[report.model]}`)}_`, '');

  const header = CAMPAIGN_COLUMNS.map((column) => markdownText(columnHeader(column, table.currency)));
  const align = CAMPAIGN_COLUMNS.map((column) => (column.kind === 'text' ? '---' : '---:'));
  out.push(row(header), row(align));
  for (const line of table.rows) {
    out.push(row(CAMPAIGN_COLUMNS.map((column) => markdownText(format.cell(line, column, table.currency)))));
  }
  out.push(
    row(
      CAMPAIGN_COLUMNS.map((column) => {
        const text = markdownText(format.cell(table.totals, column, table.currency));
        return text ? `**${text}**` : '';
      }),
    ),
  );
  if (table.rows.length === 0) out.push('', '_No campaign activity or outcomes in this period._');

  const others = Object.entries(report.otherCurrencies);
  if (others.length > 0) {
    const list = others.map(([code, amount]) => format.money(amount, code)).join(', ');
    out.push('', `Won in other currencies, not in the revenue above: ${markdownText(list)}.`);
  }

  const { sla } = report;
  out.push('', '**SLA**', '');
  if (sla.mqls === 0) {
    out.push('- No leads became MQLs in this period.');
  } else {
    out.push(
      `- MQLs: ${format.count(sla.mqls)}; touched within the SLA: ${format.count(sla.touchedWithinSla)} of ${format.count(
        sla.touched + sla.overdue.length,
      )} (${format.percent(sla.compliance === null ? null : round(sla.compliance * 100, 1))}); clocks still running: ${format.count(sla.running)}`,
      `- Time to first touch: median ${sla.medianMs === null ? NOT_APPLICABLE : markdownText(duration(sla.medianMs))}, 90th percentile ${
        sla.p90Ms === null ? NOT_APPLICABLE : markdownText(duration(sla.p90Ms))
      }`,
      `- Overdue: ${format.count(sla.overdue.length)}`,
    );
  }

  if (report.reasons.length > 0) {
    out.push('', '**Why leads were turned down**', '');
    out.push(row(['Campaign', 'Outcome', 'Reason', 'Leads']), row(['---', '---', '---', '---:']));
    for (const reason of report.reasons) {
      out.push(
        row([
          markdownText(reason.name),
          markdownText(reason.label),
          markdownText(reason.reason) || '_none given_',
          format.count(round(reason.count, 2)),
        ]),
      );
    }
  }
  return out.join('\n') + '\n';
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
