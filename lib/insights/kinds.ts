/**
 * Shared vocabulary of the insight functions: which touchpoints are the lead's own doing, and
 * which pages and forms show buying intent.
 */
import type { Touchpoint, TouchpointKind } from '../model';

/**
 * Things marketing did to the lead or recorded about it, not things the lead did. They appear in
 * the timeline but never count as engagement.
 */
const NOT_ENGAGEMENT: ReadonlySet<TouchpointKind> = new Set([
  'email_sent',
  'list_added',
  'score_change',
  'stage_change',
]);

export function isEngagementKind(kind: TouchpointKind): boolean {
  return !NOT_ENGAGEMENT.has(kind);
}

/** Something the lead did, as far as we can tell a person did it. */
export function isHumanEngagement(touchpoint: Pick<Touchpoint, 'kind' | 'machine'>): boolean {
  return touchpoint.machine !== true && isEngagementKind(touchpoint.kind);
}

export type IntentPage = 'pricing' | 'demo';

// Whole path segments (an extension allowed), so /blog/pricing-strategy does not count; and
// nothing under reading sections, so neither does /docs/api/plans.
const PRICING_PATH = /\/(pricing|plans|quote|buy)(\.[a-z]+)?(\/|$)/i;
const DEMO_PATH =
  /\/(demo|request-demo|book-a-demo|trial|free-trial|contact-sales|talk-to-sales)(\.[a-z]+)?(\/|$)/i;
const READING_PATH = /^\/(blog|docs|help|support|resources|news|articles|kb)(\/|$)/i;

/** Pricing or demo page, by URL path; by title only when the platform gave no URL. */
export function intentPage(touchpoint: Pick<Touchpoint, 'kind' | 'url' | 'title'>): IntentPage | undefined {
  if (touchpoint.kind !== 'page_view') return undefined;
  if (touchpoint.url) {
    let path: string;
    try {
      path = new URL(touchpoint.url).pathname;
    } catch {
      return undefined;
    }
    if (READING_PATH.test(path)) return undefined;
    if (PRICING_PATH.test(path)) return 'pricing';
    if (DEMO_PATH.test(path)) return 'demo';
    return undefined;
  }
  if (/\bpric(e|es|ing)\b|\bplans\b/i.test(touchpoint.title)) return 'pricing';
  if (/\bdemo\b|\bfree trial\b/i.test(touchpoint.title)) return 'demo';
  return undefined;
}

const HIGH_INTENT_FORM =
  /\b(demo|contact|pricing|quote|trial|talk to sales|contact sales|call ?back|consultation)\b/i;

/** A form that asks for a conversation or a price, rather than content. */
export function isHighIntentForm(touchpoint: Pick<Touchpoint, 'kind' | 'url' | 'title' | 'detail'>): boolean {
  if (touchpoint.kind !== 'form_submit') return false;
  if (HIGH_INTENT_FORM.test(touchpoint.title) || HIGH_INTENT_FORM.test(touchpoint.detail ?? '')) return true;
  if (!touchpoint.url) return false;
  try {
    const path = new URL(touchpoint.url).pathname;
    return PRICING_PATH.test(path) || DEMO_PATH.test(path) || /\/contact(\.[a-z]+)?(\/|$)/i.test(path);
  } catch {
    return false;
  }
}

/** Parsed `occurredAt`; NaN for a value that slipped past validation. */
export function timeOf(touchpoint: Pick<Touchpoint, 'occurredAt'>): number {
  return parseIso(touchpoint.occurredAt);
}

/**
 * `Date.parse` with a fast path for the UTC forms `toISOString` and most APIs produce
 * (`2026-03-10T12:00:00Z`, `…:00.000Z`): the report parses a million of them and Date.parse is
 * the slowest step, so the date is counted out by hand rather than through Date.UTC. Anything else
 * (offsets, odd precision) goes to Date.parse.
 */
export function parseIso(value: string): number {
  const length = value.length;
  if (
    (length !== 24 && length !== 20) ||
    value.charCodeAt(length - 1) !== 90 /* Z */ ||
    value.charCodeAt(4) !== 45 /* - */ ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 /* : */ ||
    value.charCodeAt(16) !== 58 ||
    (length === 24 && value.charCodeAt(19) !== 46) /* . */
  ) {
    return Date.parse(value);
  }
  // Each digit as a number 0–9; anything else is out of 0–9 (unsigned, so below '0' is too).
  const y0 = value.charCodeAt(0) - 48;
  const y1 = value.charCodeAt(1) - 48;
  const y2 = value.charCodeAt(2) - 48;
  const y3 = value.charCodeAt(3) - 48;
  const m0 = value.charCodeAt(5) - 48;
  const m1 = value.charCodeAt(6) - 48;
  const d0 = value.charCodeAt(8) - 48;
  const d1 = value.charCodeAt(9) - 48;
  const h0 = value.charCodeAt(11) - 48;
  const h1 = value.charCodeAt(12) - 48;
  const n0 = value.charCodeAt(14) - 48;
  const n1 = value.charCodeAt(15) - 48;
  const s0 = value.charCodeAt(17) - 48;
  const s1 = value.charCodeAt(18) - 48;
  const f0 = length === 24 ? value.charCodeAt(20) - 48 : 0;
  const f1 = length === 24 ? value.charCodeAt(21) - 48 : 0;
  const f2 = length === 24 ? value.charCodeAt(22) - 48 : 0;
  const year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = n0 * 10 + n1;
  const second = s0 * 10 + s1;
  // Out-of-range parts (Feb 31, hour 24, a non-digit) and years 0–99 (which Date.UTC maps to the
  // 1900s) are left to Date.parse to accept or reject.
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 ||
    h1 >>> 0 > 9 ||
    n0 >>> 0 > 9 ||
    n1 >>> 0 > 9 ||
    s0 >>> 0 > 9 ||
    s1 >>> 0 > 9 ||
    f0 >>> 0 > 9 ||
    f1 >>> 0 > 9 ||
    f2 >>> 0 > 9 ||
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    (day > 28 && day > daysInMonth(year, month)) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return Date.parse(value);
  }
  const ms = (f0 * 10 + f1) * 10 + f2;
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1] ?? 0;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), for years
 * 100–9999 only: with no negative value in it, integer division is a truncation (`| 0`).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
