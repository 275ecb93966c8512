/**
 * The per-campaign table: funnel counts, revenue and the conversion rate between each step,
 * sortable by any column. Sorting is a button in the column header, and the header carries
 * aria-sort, so a screen reader hears which column orders the rows and which way. Each number
 * also carries its unformatted value in a <data> element (what the CSV holds).
 */
import { useState } from 'preact/hooks';
import { NO_CAMPAIGN_ID } from '../../lib/report/compute';
import {
  CAMPAIGN_COLUMNS,
  cellOf,
  type CampaignTable as Table,
  type CampaignTableRow,
  type Column,
  type ColumnKey,
  type ReportFormat,
} from '../../lib/report/share';

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  key: ColumnKey;
  direction: SortDirection;
}

/**
 * Rows in the chosen order. Missing rates sort last either way, and the "no campaign touch" row
 * stays at the bottom: it is not a campaign to compare. Ties keep the report's own order.
 */
export function sortRows(
  rows: readonly CampaignTableRow[],
  sort: SortState | null,
  locale?: string,
): CampaignTableRow[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const noneA = a.row.campaignId === NO_CAMPAIGN_ID;
      const noneB = b.row.campaignId === NO_CAMPAIGN_ID;
      if (noneA !== noneB) return noneA ? 1 : -1;
      const x = cellOf(a.row, sort.key);
      const y = cellOf(b.row, sort.key);
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return order * sign || a.index - b.index;
    })
    .map(({ row }) => row);
}

export function CampaignTable({
  table,
  format,
  caption,
}: {
  table: Table;
  format: ReportFormat;
  caption: string;
}) {
  const [sort, setSort] = useState<SortState | null>(null);
  const rows = sortRows(table.rows, sort, format.locale);

  function sortBy(column: Column) {
    setSort((current) =>
      current?.key === column.key
        ? { key: column.key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : // Numbers start biggest first (what people look for), names A to Z.
          { key: column.key, direction: column.kind === 'text' ? 'ascending' : 'descending' },
    );
  }

  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class="table report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {CAMPAIGN_COLUMNS.map((column) => {
              const active = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active}
                  class={column.kind === 'text' ? '' : 'num'}
                >
                  <button type="button" class="sort" onClick={() => sortBy(column)}>
                    {column.kind === 'money' ? `${column.label} (${table.currency})` : column.label}
                    <span class="sort-mark" aria-hidden="true">
                      {active === 'ascending' ? ' ▲' : active === 'descending' ? ' ▼' : ' ↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.campaignId} row={row} format={format} currency={table.currency} />
          ))}
        </tbody>
        <tfoot>
          <Row row={table.totals} format={format} currency={table.currency} />
        </tfoot>
      </table>
    </div>
  );
}

function Row({ row, format, currency }: { row: CampaignTableRow; format: ReportFormat; currency: string }) {
  const none = row.campaignId === NO_CAMPAIGN_ID;
  return (
    <tr class={none ? 'row--none' : undefined} data-campaign={row.campaignId}>
      {CAMPAIGN_COLUMNS.map((column) => {
        if (column.key === 'name') {
          return (
            <th key={column.key} scope="row" class="campaign-name">
              <bdi>{none ? <em>{row.name}</em> : row.name}</bdi>
            </th>
          );
        }
        if (column.kind === 'text') return <td key={column.key}>{String(cellOf(row, column.key) ?? '')}</td>;
        const value = cellOf(row, column.key);
        return (
          <td key={column.key} class="num">
            {typeof value === 'number' ? (
              <data value={String(value)}>{format.cell(row, column, currency)}</data>
            ) : (
              <>
                <span aria-hidden="true">{format.cell(row, column, currency)}</span>
                <span class="sr-only">not applicable</span>
              </>
            )}
          </td>
        );
      })}
    </tr>
  );
}
