/**
 * "Why now": the few facts a salesperson can open a reply with. Each signal names the
 * touchpoints behind it so the sidebar can link to them. Likely machine activity never makes a
 * signal (a scanner "visiting" pricing is not a buying signal).
 */
import type { Touchpoint } from '../model';
import { intentPage, isHighIntentForm, isHumanEngagement, timeOf, type IntentPage } from './kinds';
import { withMachineFlags } from './machine';
import type { Signal } from './types';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Forms and attendance older than this are history, not a reason to call now. */
const RECENT_MS = 30 * DAY_MS;
/** The weeks before this one that make the lead's usual level of activity. */
const BASELINE_WEEKS = 8;
const SURGE_MIN_TOUCHES = 5;
const SURGE_FACTOR = 3;
const QUIET_GAP_MS = 30 * DAY_MS;
const REENGAGED_WITHIN_MS = 14 * DAY_MS;
const TITLE_MAX = 60;

export interface SignalOptions {
  now: Date;
  /** Other people at the same company engaged in the last 14 days. */
  colleagues?: number;
}

type Timed = { touchpoint: Touchpoint; at: number };
type Ranked = Signal & { latest: number };

const STRENGTH_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Strongest first; among equals, the most recent first. */
export function computeSignals(
  touchpoints: readonly Touchpoint[],
  { now, colleagues = 0 }: SignalOptions,
): Signal[] {
  const current = now.getTime();
  const human: Timed[] = withMachineFlags(touchpoints)
    .filter(isHumanEngagement)
    .map((touchpoint) => ({ touchpoint, at: Math.min(timeOf(touchpoint), current) }))
    .filter(({ at }) => Number.isFinite(at))
    .sort((a, b) => a.at - b.at);

  const reengaged = reengagedSignal(human, current);
  const signals: Ranked[] = [
    ...intentPageSignals(human, current),
    intentFormSignal(human, current),
    attendanceSignal(human, current, 'webinar_attended'),
    attendanceSignal(human, current, 'event_attended'),
    reengaged,
    // A comeback is already a surge against a quiet baseline; saying both is noise.
    reengaged ? undefined : surgeSignal(human, current),
    colleagueSignal(colleagues, current),
  ].filter((signal): signal is Ranked => signal !== undefined);

  return signals
    .sort(
      (a, b) =>
        STRENGTH_RANK[a.strength] - STRENGTH_RANK[b.strength] ||
        b.latest - a.latest ||
        a.id.localeCompare(b.id),
    )
    .map(({ latest: _latest, ...signal }) => signal);
}

function intentPageSignals(human: Timed[], now: number): Ranked[] {
  const byPage = new Map<IntentPage, Timed[]>();
  for (const item of human) {
    if (item.at < now - WEEK_MS) continue;
    const page = intentPage(item.touchpoint);
    if (!page) continue;
    byPage.set(page, [...(byPage.get(page) ?? []), item]);
  }
  return [...byPage].map(([page, items]) => {
    const count = items.length;
    const what = page === 'pricing' ? 'Visited pricing' : 'Viewed demo or trial pages';
    return {
      id: `${page}-pages`,
      text: count === 1 ? `${what} this week` : `${what} ${count}× this week`,
      strength: count >= 3 ? 'high' : count === 2 ? 'medium' : 'low',
      touchpointIds: ids(items),
      latest: latestOf(items),
    };
  });
}

function intentFormSignal(human: Timed[], now: number): Ranked | undefined {
  const forms = human.filter(({ touchpoint, at }) => at >= now - RECENT_MS && isHighIntentForm(touchpoint));
  const last = forms[forms.length - 1];
  if (!last) return undefined;
  const title = shorten(last.touchpoint.title);
  const what = title ? `Submitted “${title}”` : 'Asked for a demo, a price or a call';
  const more = forms.length > 1 ? ` (${forms.length} requests in 30 days)` : '';
  return {
    id: 'intent-form',
    text: `${what} ${ago(last.at, now)}${more}`,
    strength: 'high',
    touchpointIds: ids(forms),
    latest: last.at,
  };
}

function attendanceSignal(
  human: Timed[],
  now: number,
  kind: 'webinar_attended' | 'event_attended',
): Ranked | undefined {
  const attended = human.filter(({ touchpoint, at }) => touchpoint.kind === kind && at >= now - RECENT_MS);
  const last = attended[attended.length - 1];
  if (!last) return undefined;
  const title = shorten(last.touchpoint.title || last.touchpoint.campaign?.name || '');
  const noun = kind === 'webinar_attended' ? 'webinar' : 'event';
  return {
    id: kind === 'webinar_attended' ? 'webinar-attended' : 'event-attended',
    text: `Attended ${title ? `${noun} “${title}”` : `a ${noun}`} ${ago(last.at, now)}`,
    strength: 'medium',
    touchpointIds: ids(attended),
    latest: last.at,
  };
}

/** This week against the lead's own average week over the eight before it. */
function surgeSignal(human: Timed[], now: number): Ranked | undefined {
  const thisWeek = human.filter(({ at }) => at >= now - WEEK_MS);
  if (thisWeek.length < SURGE_MIN_TOUCHES) return undefined;
  const baselineStart = now - WEEK_MS * (BASELINE_WEEKS + 1);
  const before = human.filter(({ at }) => at >= baselineStart && at < now - WEEK_MS).length;
  const weekly = before / BASELINE_WEEKS;
  const factor = thisWeek.length / Math.max(weekly, 1);
  if (factor < SURGE_FACTOR) return undefined;
  const usual =
    weekly < 0.5
      ? 'up from almost none'
      : `about ${Math.round(factor)}× their usual ${round1(weekly)} a week`;
  return {
    id: 'surge',
    text: `${thisWeek.length} touches this week, ${usual}`,
    strength: factor >= 2 * SURGE_FACTOR ? 'high' : 'medium',
    touchpointIds: ids(thisWeek),
    latest: latestOf(thisWeek),
  };
}

/** Activity in the last two weeks after a silence of a month or more (not a brand-new lead). */
function reengagedSignal(human: Timed[], now: number): Ranked | undefined {
  for (let i = human.length - 1; i > 0; i--) {
    const after = human[i];
    const before = human[i - 1];
    if (!after || !before || after.at < now - REENGAGED_WITHIN_MS) return undefined;
    const gap = after.at - before.at;
    if (gap < QUIET_GAP_MS) continue;
    const since = human.slice(i);
    return {
      id: 're-engaged',
      text: `Back after ${Math.floor(gap / DAY_MS)} quiet days`,
      strength: 'medium',
      touchpointIds: ids(since),
      latest: latestOf(since),
    };
  }
  return undefined;
}

function colleagueSignal(colleagues: number, now: number): Ranked | undefined {
  if (!Number.isFinite(colleagues) || colleagues < 1) return undefined;
  const count = Math.floor(colleagues);
  return {
    id: 'colleagues',
    text: `${count} other ${count === 1 ? 'person' : 'people'} at their company engaged in the last 14 days`,
    strength: count >= 3 ? 'high' : count === 2 ? 'medium' : 'low',
    touchpointIds: [],
    latest: now,
  };
}

function ids(items: Timed[]): string[] {
  return items.map(({ touchpoint }) => touchpoint.id);
}

function latestOf(items: Timed[]): number {
  return items.reduce((latest, { at }) => Math.max(latest, at), -Infinity);
}

export function ago(at: number, now: number): string {
  const days = Math.floor(Math.max(0, now - at) / DAY_MS);
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

/**
 * A title to quote inside a sentence: whitespace folded, bidi controls removed, cut to length,
 * and wrapped in first-strong isolates (U+2068 … U+2069) so that a right-to-left title can never
 * reorder the sentence around it.
 */
function shorten(text: string): string {
  const clean = text
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return '';
  const cut = clean.length > TITLE_MAX ? `${clean.slice(0, TITLE_MAX - 1)}…` : clean;
  return `\u2068${cut}\u2069`;
}

function round1(value: number): string {
  return String(Math.round(value * 10) / 10);
}
