import { describe, expect, it } from 'vitest';
import { parseExportDate, type DateOptions } from './dates';

const UTC: DateOptions = { timeZone: 'UTC', dateOrder: 'mdy' };
const NEW_YORK: DateOptions = { timeZone: 'America/New_York', dateOrder: 'mdy' };
const BERLIN_DMY: DateOptions = { timeZone: 'Europe/Berlin', dateOrder: 'dmy' };

describe('parseExportDate', () => {
  it.each([
    // ISO and its space-separated variant
    ['2026-03-04T13:05:00Z', UTC, '2026-03-04T13:05:00.000Z'],
    ['2026-03-04T13:05:00.123Z', UTC, '2026-03-04T13:05:00.123Z'],
    ['2026-03-04T14:05:00+01:00', UTC, '2026-03-04T13:05:00.000Z'],
    ['2026-03-04T08:05:00-0500', UTC, '2026-03-04T13:05:00.000Z'],
    ['2026-03-04 13:05', UTC, '2026-03-04T13:05:00.000Z'],
    ['2026-03-04 13:05:59', UTC, '2026-03-04T13:05:59.000Z'],
    ['2026-03-04 13:05 UTC', NEW_YORK, '2026-03-04T13:05:00.000Z'],
    ['2026-03-04', UTC, '2026-03-04T00:00:00.000Z'],
    ['  2026-03-04 13:05  ', UTC, '2026-03-04T13:05:00.000Z'],
    // US style, month first
    ['03/04/2026 1:05 PM', UTC, '2026-03-04T13:05:00.000Z'],
    ['3/4/2026 1:05 pm', UTC, '2026-03-04T13:05:00.000Z'],
    ['03/04/2026 12:00 AM', UTC, '2026-03-04T00:00:00.000Z'],
    ['03/04/2026 12:30 PM', UTC, '2026-03-04T12:30:00.000Z'],
    ['03/04/2026 13:05', UTC, '2026-03-04T13:05:00.000Z'],
    ['3/4/26', UTC, '2026-03-04T00:00:00.000Z'],
    ['12/31/2025 11:59:59 P.M.', UTC, '2025-12-31T23:59:59.000Z'],
    // day first when told, and always for dotted dates
    ['03/04/2026 13:05', BERLIN_DMY, '2026-04-03T11:05:00.000Z'],
    ['04.03.2026 13:05', UTC, '2026-03-04T13:05:00.000Z'],
    // month names
    ['Mar 4, 2026 1:05 PM', UTC, '2026-03-04T13:05:00.000Z'],
    ['March 4, 2026', UTC, '2026-03-04T00:00:00.000Z'],
    ['Sept 30, 2025 9:00 AM', UTC, '2025-09-30T09:00:00.000Z'],
    ['4 Mar 2026 13:05', UTC, '2026-03-04T13:05:00.000Z'],
    // epoch milliseconds
    ['1772629500000', UTC, '2026-03-04T13:05:00.000Z'],
    // wall-clock times in the account's zone, across daylight saving changes
    ['2026-03-04 13:05', NEW_YORK, '2026-03-04T18:05:00.000Z'],
    ['2026-07-04 13:05', NEW_YORK, '2026-07-04T17:05:00.000Z'],
    // 02:30 does not exist on 2026-03-08 in New York: the clock jumps to 03:30 EDT
    ['2026-03-08 02:30', NEW_YORK, '2026-03-08T07:30:00.000Z'],
    // 01:30 happens twice on 2026-11-01: the first (EDT) is meant
    ['2026-11-01 01:30', NEW_YORK, '2026-11-01T05:30:00.000Z'],
    // the exports' everyday shape, with seconds (read by a fast path)
    ['2026-03-08 02:30:00', NEW_YORK, '2026-03-08T07:30:00.000Z'],
    ['2026-11-01 01:30:15', NEW_YORK, '2026-11-01T05:30:15.000Z'],
    ['2026-07-04T13:05:09', NEW_YORK, '2026-07-04T17:05:09.000Z'],
    ['2026-07-04T13:05:09Z', NEW_YORK, '2026-07-04T13:05:09.000Z'],
    ['2026-07-04t13:05:09z', NEW_YORK, '2026-07-04T13:05:09.000Z'],
    ['2026-01-31 23:59:59', UTC, '2026-01-31T23:59:59.000Z'],
    ['2028-02-29 00:00:00', UTC, '2028-02-29T00:00:00.000Z'],
    ['2000-02-29 00:00:00', UTC, '2000-02-29T00:00:00.000Z'],
  ])('%s → %s', (text, options, iso) => {
    expect(parseExportDate(text, options)).toBe(iso);
  });

  it.each([
    ['31/02/2026', UTC], // month 31 in month-first reading: never silently swapped
    ['02/31/2026', UTC], // February 31st
    ['02/29/2025', UTC], // not a leap year
    ['2026-13-01', UTC],
    ['2026-02-30', UTC],
    ['2026-03-04 24:00', UTC],
    ['2026-03-04 13:60', UTC],
    ['03/04/2026 13:05 PM', UTC],
    ['03/04/2026 0:05 AM', UTC],
    ['2026-03-04T13:05:00+15:00', UTC],
    ['2026-03-04 13:05 EST', UTC], // named abbreviations are ambiguous
    ['Marc 4, 2026', UTC],
    ['yesterday', UTC],
    ['', UTC],
    ['2026', UTC],
    ['1899-12-31', UTC],
    ['2026-02-29 10:00:00', UTC],
    ['2100-02-29 10:00:00', UTC],
    ['2026-04-31 10:00:00', UTC],
    ['2026-03-04 24:00:00', UTC],
    ['2026-03-04 13:05:60', UTC],
    ['2026-0a-04 13:05:00', UTC],
    ['2026-03-04 13:05:00X', UTC],
  ])('%s is not a date', (text, options) => {
    expect(parseExportDate(text, options)).toBeUndefined();
  });

  it('accepts a leap day', () => {
    expect(parseExportDate('02/29/2028', UTC)).toBe('2028-02-29T00:00:00.000Z');
  });
});
