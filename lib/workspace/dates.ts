/**
 * Dates as marketing platforms write them into CSV exports, turned into ISO-8601 instants.
 *
 * Accepted shapes (time optional everywhere, seconds and fractions optional):
 * - ISO and its space-separated variant: `2026-03-04T13:05:00Z`, `2026-03-04 13:05`, `2026-03-04`
 * - slashed, month first by default: `03/04/2026 1:05 PM`, `3/4/26 13:05`
 * - dotted, always day first (the German/Nordic convention): `04.03.2026 13:05`
 * - month names: `Mar 4, 2026 1:05 PM`, `4 March 2026 13:05`
 * - epoch milliseconds (13 digits), as HubSpot's API-backed exports sometimes contain
 *
 * The ambiguity choice: `03/04/2026` is read month first, as March 4th. HubSpot, Mailchimp and
 * Marketo are US products whose exports write slashed dates month first, so that is the default; `dateOrder: 'dmy'` reads them day first for a file re-saved by a
 * spreadsheet in a day-first locale. A first number above 12 is never silently swapped to day
 * first: a file that mixes conventions would import half its dates wrong, so `31/02/2026` in
 * month-first mode is reported as not a date.
 *
 * A time without an offset is a wall-clock time in `timeZone` (the exporting account's zone, which
 * is normally the browser's); a date without a time is midnight there. Named zone abbreviations
 * (EST, CET) are not accepted: they are ambiguous across the world.
 */
import { zoneCalendar } from '../insights/zone';

export type DateOrder = 'mdy' | 'dmy';

export interface DateOptions {
  /** IANA zone for times written without an offset. */
  timeZone: string;
  dateOrder: DateOrder;
}

const DAY_MS = 86_400_000;

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

/** Full English month names and their usual abbreviations ("Mar", "Sept"); nothing in between. */
const MONTHS = new Map<string, number>(
  MONTH_NAMES.flatMap((name, i) => [
    [name, i + 1],
    [name.slice(0, 3), i + 1],
    ...(name === 'september' ? [['sept', 9] as [string, number]] : []),
  ]),
);

// Each time part: hours, minutes, optional seconds with optional fraction, optional AM/PM.
const TIME = String.raw`(?:[T ]|,? +(?:at +)?)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)? *([AaPp]\.?[Mm]\.?)?`;
// Z, UTC/GMT with or without an offset, or a bare offset.
const ZONE = String.raw` *(Z|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})?`;

const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:${TIME})?${ZONE}$`, 'i');
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:${TIME})?${ZONE}$`, 'i');
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:${TIME})?${ZONE}$`, 'i');
const MONTH_FIRST = new RegExp(
  String.raw`^([A-Za-z]{3,9})\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})(?:${TIME})?${ZONE}$`,
  'i',
);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2}) +([A-Za-z]{3,9})\.?,? +(\d{4})(?:${TIME})?${ZONE}$`, 'i');
const EPOCH_MS = /^\d{13}$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC, when the text carried an offset. */
  offset?: number;
}

/** The instant as an ISO string, or undefined when the text is not a date this module reads. */
export function parseExportDate(text: string, options: DateOptions): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const quick = quickIso(value, options.timeZone);
  if (quick !== undefined) return quick;
  if (EPOCH_MS.test(value)) return new Date(Number(value)).toISOString();
  const parts = toParts(value, options.dateOrder);
  if (!parts || !isValid(parts)) return undefined;
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    parts.ms,
  );
  const instant =
    parts.offset !== undefined ? wall - parts.offset * 60_000 : wallToInstant(wall, options.timeZone);
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** By month number (1-12); February's 29th is for leap years. */
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The digit at `i` of `text` as a number, or NaN. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * The shape nearly every export writes on every row, `2026-03-04 13:05:00` or
 * `2026-03-04T13:05:00` (optionally with `Z`), read without regexes: the same instant the general
 * path gives, or undefined to let the general path decide (any other shape, or an invalid date).
 */
function quickIso(value: string, timeZone: string): string | undefined {
  const length = value.length;
  if (length !== 19 && !(length === 20 && (value.charCodeAt(19) | 32) === 122)) return undefined;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const t = value.charCodeAt(10);
  if (t !== 32 && t !== 84 && t !== 116) return undefined;
  if (value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return undefined;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  const hour = digit(value, 11) * 10 + digit(value, 12);
  const minute = digit(value, 14) * 10 + digit(value, 15);
  const second = digit(value, 17) * 10 + digit(value, 18);
  // NaN (a non-digit) fails every comparison.
  if (!(year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1)) return undefined;
  if (day > DAYS_IN_MONTH[month]! && !(month === 2 && day === 29 && isLeapYear(year))) return undefined;
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return undefined;
  // In UTC the ISO form is the text itself, rearranged: no Date to make and format per row.
  if (length === 20 || timeZone === 'UTC') return `${value.slice(0, 10)}T${value.slice(11, 19)}.000Z`;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(wallToInstant(wall, timeZone)).toISOString();
}

function toParts(value: string, order: DateOrder): Parts | undefined {
  let m = ISO.exec(value);
  if (m) return withTime(Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4));
  m = SLASHED.exec(value);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return order === 'mdy'
      ? withTime(year, first, second, m.slice(4))
      : withTime(year, second, first, m.slice(4));
  }
  m = DOTTED.exec(value);
  if (m) return withTime(Number(m[3]), Number(m[2]), Number(m[1]), m.slice(4));
  m = MONTH_FIRST.exec(value);
  if (m) {
    const month = monthNumber(m[1]!);
    return month === undefined ? undefined : withTime(Number(m[3]), month, Number(m[2]), m.slice(4));
  }
  m = DAY_FIRST.exec(value);
  if (m) {
    const month = monthNumber(m[2]!);
    return month === undefined ? undefined : withTime(Number(m[3]), month, Number(m[1]), m.slice(4));
  }
  return undefined;
}

function monthNumber(name: string): number | undefined {
  return MONTHS.get(name.toLowerCase());
}

/** time = [hour, minute, second, fraction, meridiem, zone] from the regex groups. */
function withTime(year: number, month: number, day: number, time: (string | undefined)[]): Parts | undefined {
  const [h, min, s, fraction, meridiem, zone] = time;
  let hour = h === undefined ? 0 : Number(h);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem[0]!.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const offset = zone === undefined ? undefined : zoneOffset(zone);
  if (offset === null) return undefined;
  return {
    year,
    month,
    day,
    hour,
    minute: min === undefined ? 0 : Number(min),
    second: s === undefined ? 0 : Number(s),
    ms: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
    offset,
  };
}

/** Minutes east of UTC; null for an offset that cannot exist. */
function zoneOffset(zone: string): number | null {
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0;
  const m = /([+-])(\d{1,2}):?(\d{2})?$/.exec(upper);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function isValid(p: Parts): boolean {
  if (p.year < 1900 || p.year > 2200) return false;
  if (p.month < 1 || p.month > 12 || p.day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  if (p.day > daysInMonth) return false;
  return p.hour <= 23 && p.minute <= 59 && p.second <= 59;
}

/**
 * The instant of a wall-clock time in a zone. Zones change offset at most once a day, so only the
 * offsets a day either side are candidates; a time in a spring-forward gap takes the offset from
 * before the gap (02:30 → 03:30), a repeated time in a fall-back overlap its first occurrence.
 */
function wallToInstant(wall: number, timeZone: string): number {
  if (timeZone === 'UTC') return wall;
  const calendar = zoneCalendar(timeZone);
  const before = wall - calendar.offsetAt(wall - DAY_MS);
  const after = wall - calendar.offsetAt(wall + DAY_MS);
  const valid = [before, after].filter((t) => t + calendar.offsetAt(t) === wall);
  return valid.length > 0 ? Math.min(...valid) : before;
}
