/**
 * Wall-clock arithmetic in an IANA time zone with `Intl` only (DESIGN.md: no date library).
 * `Intl` can turn an instant into local date parts but not the reverse, so local → instant is
 * solved by trying the zone's offsets on either side of the wanted time and keeping the one that
 * round-trips. That is what makes DST days right: a 23- or 25-hour day falls out of the offsets.
 */

const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface LocalParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, as `Date.prototype.getDay`. */
  weekday: number;
}

const ZONE_RECHECK_MS = 60_000;
let browserZone: { zone: string; checkedAt: number } | undefined;

/**
 * The browser's zone, or UTC where an engine does not say. Building the formatter that tells it
 * costs a good fraction of a millisecond, and the sidebar asks on every render, so the answer is
 * kept for a minute: a machine moving between zones is noticed within that minute.
 */
export function defaultTimeZone(): string {
  const now = Date.now();
  if (!browserZone || Math.abs(now - browserZone.checkedAt) > ZONE_RECHECK_MS) {
    browserZone = { zone: new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', checkedAt: now };
  }
  return browserZone.zone;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Settings allow any string and '' means "the browser's zone"; an unknown zone falls back to the
 * browser's too, because a clock in a slightly wrong zone beats no clock (the options page is
 * where a bad zone is reported).
 */
export function resolveTimeZone(zone: string | undefined): string {
  if (!zone || !isValidTimeZone(zone)) return defaultTimeZone();
  return zone;
}

/** Weekday of a calendar date; the same in every zone, so no `Intl` needed. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days since 1970-01-01 of a calendar date: consecutive dates, consecutive numbers. */
export function dayNumber(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

export function dateOfDayNumber(day: number): LocalDate {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function isoDate(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

export interface ZoneCalendar {
  readonly timeZone: string;
  parts(ms: number): LocalParts;
  /** UTC offset (local minus UTC) in ms at an instant. */
  offsetAt(ms: number): number;
  /**
   * The instant of a local wall-clock time. Hours past 23 and days past the month's end roll over.
   * A time skipped by a spring-forward gap maps to the instant just after the gap (02:30 → 03:30);
   * a repeated time in a fall-back overlap maps to its first occurrence.
   */
  toInstant(date: LocalDate, hour: number): number;
}

const calendars = new Map<string, ZoneCalendar>();

export function zoneCalendar(zone: string | undefined): ZoneCalendar {
  // Keyed by what was asked for: checking a zone builds an Intl formatter, far too slow per call.
  // '' is not cached, since it follows the browser's zone.
  const key = zone || undefined;
  let calendar = key === undefined ? undefined : calendars.get(key);
  if (!calendar) {
    const timeZone = resolveTimeZone(zone);
    calendar = calendars.get(timeZone) ?? createCalendar(timeZone);
    calendars.set(timeZone, calendar);
    if (key !== undefined) calendars.set(key, calendar);
  }
  return calendar;
}

/** Every offset change in the tz database falls on a quarter hour (UTC), so offsets are cached per quarter. */
const QUARTER_HOUR_MS = 15 * 60_000;

function createCalendar(timeZone: string): ZoneCalendar {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    // h23: some engines print midnight as "24" with hour12:false.
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // formatToParts is the slow part; the report asks for hundreds of thousands of instants.
  const offsetCache = new Map<number, number>();
  const instantCache = new Map<string, number>();

  function measuredOffset(ms: number): number {
    const values: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    }
    const local = Date.UTC(
      values.year ?? 1970,
      (values.month ?? 1) - 1,
      values.day ?? 1,
      (values.hour ?? 0) % 24,
      values.minute ?? 0,
      values.second ?? 0,
    );
    return local - Math.floor(ms / 1000) * 1000;
  }

  function offsetAt(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = offsetCache.get(quarter);
    if (offset === undefined) {
      offset = measuredOffset(quarter * QUARTER_HOUR_MS);
      if (offsetCache.size > 100_000) offsetCache.clear();
      offsetCache.set(quarter, offset);
    }
    return offset;
  }

  function parts(ms: number): LocalParts {
    const local = new Date(ms + offsetAt(ms));
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second: local.getUTCSeconds(),
      weekday: local.getUTCDay(),
    };
  }

  function toInstant(date: LocalDate, hour: number): number {
    const key = `${date.year}-${date.month}-${date.day}-${hour}`;
    const cached = instantCache.get(key);
    if (cached !== undefined) return cached;
    const wall = Date.UTC(date.year, date.month - 1, date.day, hour);
    // Zones change offset at most once a day, so the offsets a day before and after are the
    // only candidates.
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    const valid = [wall - before, wall - after].filter((t) => wall - offsetAt(t) === t);
    // No candidate round-trips: the wall time is inside a gap; the earlier offset lands after it.
    const result = valid.length > 0 ? Math.min(...valid) : wall - before;
    if (instantCache.size > 20_000) instantCache.clear();
    instantCache.set(key, result);
    return result;
  }

  return { timeZone, parts, offsetAt, toInstant };
}
