import { describe, expect, it } from 'vitest';
import { createFormatter, INVALID_DATE_TEXT } from './format';

const NOW = Date.parse('2026-01-16T15:00:00Z');
const H = 3_600_000;
const f = createFormatter({ locale: 'en-US', timeZone: 'UTC' });

describe('relative', () => {
  it.each([
    ['2026-01-16T14:57:00Z', '3 min. ago'],
    ['2026-01-16T14:59:50Z', 'now'],
    ['2026-01-16T12:00:00Z', '3 hr. ago'],
    ['2026-01-14T12:00:00Z', '2 days ago'],
    ['2026-01-17T15:00:00Z', 'tomorrow'],
    ['2025-10-16T15:00:00Z', '3 mo. ago'],
    ['2024-01-16T15:00:00Z', '2 yr. ago'],
    ['not a date', ''],
    ['', ''],
  ])('%s → %s', (iso, expected) => {
    expect(f.relative(iso, NOW)).toBe(expected);
  });

  it('treats a missing value as nothing to say', () => {
    expect(f.relative(undefined, NOW)).toBe('');
  });
});

describe('duration', () => {
  it.each([
    [0, '0 sec'],
    [59_000, '59 sec'],
    [5 * 60_000, '5 min'],
    [3 * H, '3 hr'],
    [3 * H + 5 * 60_000, '3 hr 5 min'],
    [24 * H, '1 day'],
    [26 * H, '1 day 2 hr'],
    // A week or more: hours are noise.
    [9 * 24 * H + H, '9 days'],
    [-5 * H, '0 sec'],
    [Number.NaN, '0 sec'],
  ])('%d ms → %s', (ms, expected) => {
    expect(f.duration(ms)).toBe(expected);
  });
});

describe('days', () => {
  it.each([
    ['2026-01-16T01:00:00Z', 'Today'],
    ['2026-01-15T23:00:00Z', 'Yesterday'],
    ['2026-01-13T10:00:00Z', 'Tue, Jan 13'],
    ['2025-12-13T10:00:00Z', 'Dec 13, 2025'],
    ['garbage', INVALID_DATE_TEXT],
  ])('dayLabel %s → %s', (iso, expected) => {
    expect(f.dayLabel(iso, NOW)).toBe(expected);
  });

  it('groups by the calendar day of the configured zone, not UTC', () => {
    const newYork = createFormatter({ locale: 'en-US', timeZone: 'America/New_York' });
    // 03:30 UTC on the 16th is still the evening of the 15th in New York.
    expect(newYork.dayKey('2026-01-16T03:30:00Z')).toBe('2026-01-15');
    expect(newYork.dayLabel('2026-01-16T03:30:00Z', NOW)).toBe('Yesterday');
    expect(f.dayKey('2026-01-16T03:30:00Z')).toBe('2026-01-16');
  });

  it('shows a calendar day key without shifting it by the zone', () => {
    const honolulu = createFormatter({ locale: 'en-US', timeZone: 'Pacific/Honolulu' });
    expect(honolulu.calendarDay('2026-01-03')).toBe('Jan 3, 2026');
    expect(honolulu.calendarDay('2026-1-3')).toBe(INVALID_DATE_TEXT);
  });
});

describe('numbers and money', () => {
  it.each([
    [() => f.number(12345.5), '12,345.5'],
    [() => f.signed(12), '+12'],
    [() => f.signed(-3), '-3'],
    [() => f.signed(0), '0'],
    [() => f.money(12000, 'USD'), '$12,000.00'],
    [() => f.money(5, 'EUR'), '€5.00'],
    // Not a currency code at all: the number alone, never a thrown RangeError.
    [() => f.money(10, 'usd'), '10'],
    [() => f.money(10, undefined), '10'],
    [() => f.number(Number.POSITIVE_INFINITY), ''],
  ])('%#', (run, expected) => {
    expect(run()).toBe(expected);
  });
});

describe('bad settings', () => {
  it('falls back instead of throwing on an unknown zone or locale', () => {
    const bad = createFormatter({ locale: 'not a locale!!', timeZone: 'Mars/Olympus' });
    expect(bad.locale).toBe('en-US');
    expect(bad.dayKey('2026-01-16T12:00:00Z')).toMatch(/^2026-01-1[56]$/);
  });

  it('localises', () => {
    const de = createFormatter({ locale: 'de-DE', timeZone: 'UTC' });
    expect(de.money(1234.5, 'EUR')).toBe('1.234,50\u00a0€');
    expect(de.dayLabel('2026-01-15T12:00:00Z', NOW)).toBe('Gestern');
  });
});
