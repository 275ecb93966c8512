/**
 * Every date, duration and number the sidebar shows, through `Intl` only (DESIGN.md: no date
 * library). One formatter per sidebar, built once: `Intl` constructors are slow enough that a
 * 20,000-item timeline must not build one per row.
 *
 * Inputs come from other people's systems, so an unparsable timestamp yields a neutral
 * placeholder instead of "Invalid Date" or a RangeError that would blank the sidebar.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface FormatOptions {
  /** BCP 47 tag; undefined = the browser's. */
  locale?: string;
  /** IANA zone for day grouping and clock times; undefined = the browser's. */
  timeZone?: string;
}

export interface Formatter {
  readonly locale: string;
  /** "3 min. ago", "in 2 hr.", "now". Empty for a bad timestamp. */
  relative(iso: string | undefined, now: number): string;
  /** "3 hr 5 min", "2 days 4 hr", "45 sec". */
  duration(ms: number): string;
  /** Stable key for the local calendar day ("2026-01-16"), '' for a bad timestamp. */
  dayKey(iso: string): string;
  /** "Today", "Yesterday", "Tue, Jan 13", "Jan 13, 2024". */
  dayLabel(iso: string, now: number): string;
  /** "14:05" / "2:05 PM". */
  time(iso: string): string;
  /** "Jan 13, 2026". */
  date(iso: string | undefined): string;
  /** A calendar day key ("2026-01-13") as "Jan 13, 2026", free of any zone shift. */
  calendarDay(key: string): string;
  /** "Jan 13, 2026, 2:05 PM", for tooltips. */
  dateTime(iso: string | undefined): string;
  number(value: number): string;
  /** "+12", "−3", "0". */
  signed(value: number): string;
  /** "$12,000.00"; falls back to "12,000 XYZ" for a code `Intl` rejects. */
  money(amount: number, currency: string | undefined): string;
}

export const INVALID_DATE_TEXT = 'unknown date';

function parse(iso: string | undefined): number | undefined {
  if (typeof iso !== 'string' || iso === '') return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Zones and locales are user settings; a typo there must not take the sidebar down. */
function safeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

function safeLocale(locale: string | undefined): string {
  try {
    return new Intl.NumberFormat(locale).resolvedOptions().locale;
  } catch {
    return 'en-US';
  }
}

export function createFormatter(options: FormatOptions = {}): Formatter {
  const locale = safeLocale(options.locale);
  const timeZone = safeZone(options.timeZone);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const rtfDay = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' });
  // en-CA formats as YYYY-MM-DD, which sorts and compares as a string.
  const keyFormat = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayThisYear = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  });
  const dayOtherYear = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' });
  const dateFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  const utcDateFormat = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const numberFormat = new Intl.NumberFormat(locale);
  const signedFormat = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' });
  const unit = (name: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: 0,
    });
  const units = { day: unit('day'), hour: unit('hour'), minute: unit('minute'), second: unit('second') };
  const moneyFormats = new Map<string, Intl.NumberFormat | null>();

  const dayKeyOf = (ms: number) => keyFormat.format(ms);
  /** Whole calendar days between two instants in the formatter's zone (DST-proof). */
  const calendarDaysBetween = (from: number, to: number) => {
    const a = Date.parse(`${dayKeyOf(from)}T00:00:00Z`);
    const b = Date.parse(`${dayKeyOf(to)}T00:00:00Z`);
    return Math.round((b - a) / DAY);
  };

  return {
    locale,
    relative(iso, now) {
      const ms = parse(iso);
      if (ms === undefined) return '';
      const diff = ms - now;
      const abs = Math.abs(diff);
      if (abs < 45 * SECOND) return rtf.format(0, 'second');
      if (abs < 45 * MINUTE) return rtf.format(Math.round(diff / MINUTE), 'minute');
      if (abs < 22 * HOUR) return rtf.format(Math.round(diff / HOUR), 'hour');
      if (abs < 26 * DAY) return rtf.format(Math.round(diff / DAY), 'day');
      if (abs < 320 * DAY) return rtf.format(Math.round(diff / (30 * DAY)), 'month');
      return rtf.format(Math.round(diff / (365 * DAY)), 'year');
    },
    duration(ms) {
      const value = Number.isFinite(ms) ? Math.max(0, ms) : 0;
      if (value < MINUTE) return units.second.format(Math.floor(value / SECOND));
      if (value < HOUR) return units.minute.format(Math.floor(value / MINUTE));
      if (value < DAY) {
        const hours = Math.floor(value / HOUR);
        const minutes = Math.floor((value % HOUR) / MINUTE);
        return minutes
          ? `${units.hour.format(hours)} ${units.minute.format(minutes)}`
          : units.hour.format(hours);
      }
      const days = Math.floor(value / DAY);
      const hours = Math.floor((value % DAY) / HOUR);
      return hours && days < 7
        ? `${units.day.format(days)} ${units.hour.format(hours)}`
        : units.day.format(days);
    },
    dayKey(iso) {
      const ms = parse(iso);
      return ms === undefined ? '' : dayKeyOf(ms);
    },
    dayLabel(iso, now) {
      const ms = parse(iso);
      if (ms === undefined) return INVALID_DATE_TEXT;
      const days = calendarDaysBetween(ms, now);
      if (days === 0 || days === 1) {
        const text = rtfDay.format(-days, 'day');
        return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
      }
      return yearFormat.format(ms) === yearFormat.format(now)
        ? dayThisYear.format(ms)
        : dayOtherYear.format(ms);
    },
    time(iso) {
      const ms = parse(iso);
      return ms === undefined ? '' : timeFormat.format(ms);
    },
    date(iso) {
      const ms = parse(iso);
      return ms === undefined ? INVALID_DATE_TEXT : dateFormat.format(ms);
    },
    calendarDay(key) {
      const ms = /^\d{4}-\d{2}-\d{2}$/.test(key) ? Date.parse(`${key}T12:00:00Z`) : NaN;
      return Number.isFinite(ms) ? utcDateFormat.format(ms) : INVALID_DATE_TEXT;
    },
    dateTime(iso) {
      const ms = parse(iso);
      return ms === undefined ? INVALID_DATE_TEXT : dateTimeFormat.format(ms);
    },
    number(value) {
      return Number.isFinite(value) ? numberFormat.format(value) : '';
    },
    signed(value) {
      return Number.isFinite(value) ? signedFormat.format(value) : '';
    },
    money(amount, currency) {
      if (!Number.isFinite(amount)) return '';
      const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : '';
      if (!code) return numberFormat.format(amount);
      let format = moneyFormats.get(code);
      if (format === undefined) {
        try {
          format = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
        } catch {
          format = null;
        }
        moneyFormats.set(code, format);
      }
      return format ? format.format(amount) : `${numberFormat.format(amount)} ${code}`;
    },
  };
}
