/**
 * Small pieces every connector needs: time windows, date parsing, the text an outcome is
 * written back as, and turning a thrown error into the options page's TestResult.
 */
import type { Outcome } from '../model';
import { ConnectorError, type ConnectorErrorKind, type TestResult } from './types';

export const DEFAULT_HISTORY_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The oldest moment a history call looks at: the caller's `since`, else the window from settings. */
export function historyStart(now: Date, since: Date | undefined, historyDays = DEFAULT_HISTORY_DAYS): Date {
  return since ?? new Date(now.getTime() - historyDays * DAY_MS);
}

/** ISO string from an ISO date, a date-only string or epoch milliseconds (number or digits). */
export function toIso(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms =
    typeof value === 'number' ? value : /^\d{9,}$/.test(value.trim()) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function toNumber(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `ORGANIC_SEARCH` → `Organic search`. */
export function humanize(value: string): string {
  const spaced = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function formatAmount(amount: number, currency: string | undefined): string {
  if (!currency) return String(amount);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' }).format(
      amount,
    );
  } catch {
    return `${amount} ${currency}`;
  }
}

export interface OutcomeLine {
  label: string;
  value: string;
}

/**
 * What every platform receives, as label/value lines. The outcome id is always present: it is
 * the idempotency key the connectors search for before re-writing after an ambiguous failure.
 */
export function outcomeLines(outcome: Outcome): OutcomeLine[] {
  const lines: OutcomeLine[] = [{ label: 'Outcome', value: outcome.label ?? outcome.kind }];
  if (outcome.amount !== undefined)
    lines.push({ label: 'Amount', value: formatAmount(outcome.amount, outcome.currency) });
  if (outcome.reason) lines.push({ label: 'Reason', value: outcome.reason });
  if (outcome.note) lines.push({ label: 'Note', value: outcome.note });
  if (outcome.by) lines.push({ label: 'By', value: outcome.by });
  const names = new Map(outcome.attribution.touches.map((touch) => [touch.campaignId, touch.name]));
  const touches = outcome.attribution.touches.map((touch) => `${touch.name} (${touch.count})`);
  if (touches.length > 0) lines.push({ label: 'Campaigns', value: touches.join(', ') });
  const first = outcome.attribution.firstTouch;
  const last = outcome.attribution.lastTouch;
  if (first) lines.push({ label: 'First touch', value: names.get(first) ?? first });
  if (last) lines.push({ label: 'Last touch', value: names.get(last) ?? last });
  if (outcome.supersedes) lines.push({ label: 'Corrects outcome', value: outcome.supersedes });
  lines.push({ label: 'Outcome id', value: outcome.id });
  return lines;
}

export function outcomePlainText(outcome: Outcome, maxLength = 5000): string {
  const lines = outcomeLines(outcome).map((line) => `${line.label}: ${line.value}`);
  const idLine = lines.pop()!;
  let text = ['Loopline outcome', ...lines].join('\n');
  // The id line must survive any shortening: it is what the idempotency check looks for.
  const room = maxLength - idLine.length - 2;
  if (text.length > room) text = `${text.slice(0, Math.max(0, room - 1))}…`;
  return `${text}\n${idLine}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A connection check that failed, as the options page is told. */
export function testFailed(kind: ConnectorErrorKind, message: string): TestResult {
  return { ok: false, error: { kind, message } };
}

/** Runs a connection check and reports any failure as data, never as a throw. */
export async function asTestResult(check: () => Promise<string>): Promise<TestResult> {
  try {
    return { ok: true, value: { detail: await check() } };
  } catch (error) {
    if (error instanceof ConnectorError) return testFailed(error.kind, error.message);
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return testFailed('network', error instanceof Error ? error.message : String(error));
  }
}

/** Newest first, then by id so that equal times keep a stable order. */
export function newestFirst<T extends { occurredAt: string; id: string }>(items: T[]): T[] {
  return items.sort((a, b) =>
    a.occurredAt === b.occurredAt ? a.id.localeCompare(b.id) : a.occurredAt < b.occurredAt ? 1 : -1,
  );
}

export interface ConnectorFactoryOptions<S> {
  /** This platform's part of the settings (lib/settings/schema.ts). */
  settings: S;
  fetch: import('./types').FetchLike;
  /** Wall-clock time for dates (history windows, 30-day score, token expiry); defaults to the clock. */
  now?: () => Date;
  /** Timers for request timeouts and the limiter; the system clock unless a test drives time. */
  clock?: import('./clock').Clock;
  /** Shared per platform; each connector makes its own when none is given. */
  limiter?: import('./limiter').Limiter;
  /** History window used when `history` gets no `since` (settings.historyDays). */
  historyDays?: number;
  timeoutMs?: number;
}

export function resolveNow(options: { now?: () => Date; clock?: { now(): number } }): () => Date {
  if (options.now) return options.now;
  const clock = options.clock;
  return clock ? () => new Date(clock.now()) : () => new Date();
}

/**
 * Once part of a write has landed (a note created, say), any later failure in the same call
 * leaves the outcome half-written: report it as ambiguous so that the retry checks first
 * instead of creating the first part again.
 */
export function asAmbiguous(error: unknown): unknown {
  if (error instanceof ConnectorError && !error.ambiguous) {
    return new ConnectorError(error.source, error.kind, error.message, error.retryAfterMs, true);
  }
  return error;
}
