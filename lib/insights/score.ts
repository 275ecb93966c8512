/**
 * Engagement score: how warm the lead is right now, from what the lead did. Recent activity
 * counts most (points halve every 14 days), actions that cost the lead effort count more than
 * opens, and likely machine activity counts nothing. The platform's own score is shown beside
 * it; this one is explainable line by line.
 */
import type { Touchpoint, TouchpointKind } from '../model';
import { intentPage, isEngagementKind, isHighIntentForm, timeOf } from './kinds';
import { withMachineFlags } from './machine';
import type { EngagementScore, ScorePart } from './types';

const DAY_MS = 86_400_000;
export const HALF_LIFE_DAYS = 14;
/** Raw points at which the score reaches 63 (1 − 1/e of the way to 100). */
const SCALE = 25;
const HOT = 60;
const WARM = 25;

interface Category {
  kind: TouchpointKind;
  label: string;
  weight: number;
}

const CATEGORIES = {
  email_open: { kind: 'email_open', label: 'Email opens', weight: 1 },
  email_click: { kind: 'email_click', label: 'Email clicks', weight: 3 },
  page_view: { kind: 'page_view', label: 'Page views', weight: 1 },
  intent_page: { kind: 'page_view', label: 'Pricing and demo page views', weight: 5 },
  form_submit: { kind: 'form_submit', label: 'Form submissions', weight: 6 },
  intent_form: { kind: 'form_submit', label: 'Demo, pricing or contact requests', weight: 10 },
  content_download: { kind: 'content_download', label: 'Downloads', weight: 4 },
  webinar_registered: { kind: 'webinar_registered', label: 'Webinar registrations', weight: 3 },
  webinar_attended: { kind: 'webinar_attended', label: 'Webinars attended', weight: 8 },
  event_attended: { kind: 'event_attended', label: 'Events attended', weight: 8 },
  ad_click: { kind: 'ad_click', label: 'Ad clicks', weight: 2 },
  other: { kind: 'other', label: 'Other activity', weight: 1 },
} satisfies Record<string, Category>;
type CategoryId = keyof typeof CATEGORIES;

function categoryOf(touchpoint: Touchpoint): CategoryId | undefined {
  if (!isEngagementKind(touchpoint.kind)) return undefined;
  if (touchpoint.kind === 'page_view' && intentPage(touchpoint)) return 'intent_page';
  if (touchpoint.kind === 'form_submit' && isHighIntentForm(touchpoint)) return 'intent_form';
  return touchpoint.kind in CATEGORIES ? (touchpoint.kind as CategoryId) : 'other';
}

/** 0.5 ^ (age / half-life); activity dated after `now` (clock skew) counts as now. */
export function recencyWeight(occurredAt: number, now: number): number {
  const ageDays = Math.max(0, now - occurredAt) / DAY_MS;
  return Math.pow(0.5, ageDays / HALF_LIFE_DAYS);
}

export function engagementScore(touchpoints: readonly Touchpoint[], now: Date): EngagementScore {
  const current = now.getTime();
  const totals = new Map<CategoryId, { count: number; points: number }>();
  let machineDiscounted = 0;
  let raw = 0;
  // Detection is idempotent, so callers that already marked their touchpoints lose nothing.
  for (const touchpoint of withMachineFlags(touchpoints)) {
    const category = categoryOf(touchpoint);
    if (!category) continue;
    if (touchpoint.machine) {
      machineDiscounted++;
      continue;
    }
    const at = timeOf(touchpoint);
    if (!Number.isFinite(at)) continue;
    const points = CATEGORIES[category].weight * recencyWeight(at, current);
    raw += points;
    const total = totals.get(category) ?? { count: 0, points: 0 };
    total.count++;
    total.points += points;
    totals.set(category, total);
  }

  const value = Math.round(100 * (1 - Math.exp(-raw / SCALE)));
  const label = value >= HOT ? 'hot' : value >= WARM ? 'warm' : 'cold';
  const parts: ScorePart[] = [...totals]
    .map(([id, { count, points }]) => ({
      kind: CATEGORIES[id].kind,
      label: CATEGORIES[id].label,
      count,
      points: Math.round(points * 10) / 10,
    }))
    .sort((a, b) => b.points - a.points || a.label.localeCompare(b.label));

  const explanation = [
    raw === 0
      ? 'No activity from the lead yet.'
      : `${value} of 100 (${label}) from ${round1(raw)} points; a touch counts half as much after ${HALF_LIFE_DAYS} days.`,
    ...parts.map((part) => `${part.label} ×${part.count}: ${round1(part.points)} points`),
  ];
  if (machineDiscounted > 0) {
    explanation.push(
      `${machineDiscounted} likely machine ${machineDiscounted === 1 ? 'open or click' : 'opens or clicks'} (mail scanners) left out.`,
    );
  }
  return { value, label, parts, machineDiscounted, explanation };
}

function round1(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}
