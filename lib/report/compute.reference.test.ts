/**
 * The report's indexed path against a straightforward reference over random data: per outcome,
 * filter the lead's touchpoints into the window, build the attribution, share it out with
 * creditShares. Same rules, none of the indexing, so an optimisation cannot quietly change a
 * number (the comparison is exact, fractions included).
 */
import { describe, expect, it } from 'vitest';
import {
  DELIVERY_STATES,
  type Lead,
  type Outcome,
  type SourceId,
  type Touchpoint,
  type TouchpointKind,
} from '../model';
import { DEFAULT_OUTCOMES } from '../settings/schema';
import type { AttributionModel } from '../insights/campaigns';
import type { SlaRule } from '../insights/sla';
import { createRng, type Rng } from '../sample/prng';
import { computeReport, type ReportInput } from './compute';
import { referenceReport } from './compute-reference';

const DAY = 86_400_000;

const KINDS: TouchpointKind[] = [
  'email_open',
  'email_click',
  'page_view',
  'form_submit',
  'webinar_attended',
  'ad_click',
  'email_sent',
  'list_added',
  'score_change',
];
const SOURCES: SourceId[] = ['local', 'hubspot', 'marketo'];
const REASONS = ['Too small', 'too  small', ' Chose a competitor', 'Budget', undefined];
const STAGES = ['lead', 'Marketing Qualified Lead', 'SQL', 'customer', 'something else'];

/**
 * A small world with the awkward cases dense: ties in time (touches on the hour, outcomes on the
 * day), touchpoints out of order and in long runs per lead, machine and non-engagement touches,
 * renamed campaigns, other sources, offsets in timestamps, corrections, leads with no history here.
 */
function randomWorld(rng: Rng, start: number) {
  const leadCount = rng.int(1, 12);
  const leads: Lead[] = [];
  for (let i = 0; i < leadCount; i++) {
    leads.push({
      email: `lead${i}@example.com`,
      name: `Lead ${i}`,
      // On the day (as outcomes are), so follow-ups just before, at and after it are common.
      mqlAt: rng.chance(0.7) ? new Date(start + rng.int(0, 200) * DAY).toISOString() : undefined,
      lifecycleStage: rng.chance(0.3) ? rng.pick(STAGES) : undefined,
      refs: rng.chance(0.8) ? [{ source: rng.pick(SOURCES), id: `r${i}` }] : [],
    } as Lead);
  }
  const campaignCount = rng.int(1, 8);
  const touchpoints: Touchpoint[] = [];
  // Some leads (the last ones) have no history here at all.
  const withHistory = rng.int(0, leadCount);
  const crowded = rng.chance(0.3);
  for (let l = 0; l < withHistory; l++) {
    const count = rng.chance(0.2) ? rng.int(40, 200) : rng.int(0, 15);
    for (let k = 0; k < count; k++) {
      const campaign = rng.int(0, campaignCount);
      // On the hour, on the day, or on one of a few days: touches at the same instant are common.
      const at =
        start +
        (crowded
          ? rng.int(0, 20) * 10 * DAY
          : rng.chance(0.5)
            ? rng.int(0, 200) * DAY
            : rng.int(0, 200 * 24) * 3_600_000);
      const iso = new Date(at).toISOString();
      touchpoints.push({
        id: `t${touchpoints.length}`,
        leadEmail: leads[l]!.email,
        occurredAt: rng.chance(0.05)
          ? iso.replace('Z', '+00:00')
          : rng.chance(0.2)
            ? `${iso.slice(0, 19)}Z`
            : iso,
        kind: rng.pick(KINDS),
        title: 'Touch',
        // campaign === campaignCount: no campaign at all.
        campaign:
          campaign === campaignCount
            ? undefined
            : {
                id: `c${campaign}`,
                name: `Campaign ${campaign}${rng.chance(0.1) ? ' (renamed)' : ''}`,
                channel: 'email',
              },
        machine: rng.chance(0.1) ? true : undefined,
        source: rng.chance(0.8) ? 'local' : rng.pick(SOURCES),
      } as Touchpoint);
    }
  }
  // Mostly by lead and in time order, as the store hands them over; sometimes shuffled.
  if (rng.chance(0.5)) {
    for (let i = touchpoints.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [touchpoints[i], touchpoints[j]] = [touchpoints[j]!, touchpoints[i]!];
    }
  }
  const outcomes: Outcome[] = [];
  const outcomeCount = rng.int(0, 40);
  // Sometimes many outcomes at a few instants: the order within a tie (by id) then decides the
  // order in which fractional credit adds up.
  const sameInstant = rng.chance(0.3);
  for (let i = 0; i < outcomeCount; i++) {
    const type = rng.pick(DEFAULT_OUTCOMES);
    const lead = rng.pick(leads);
    const won = type.stage === 'won';
    const recorded = rng.int(0, campaignCount + 1);
    outcomes.push({
      id: `${rng.chance(0.5) ? 'B' : 'a'}${String(rng.int(0, 999)).padStart(3, '0')}-${i}`,
      leadEmail: lead.email,
      kind: rng.chance(0.05) ? 'unknown_kind' : type.key,
      label: type.label,
      amount: won && rng.chance(0.9) ? rng.int(0, 5) * 1_000 + rng.int(0, 3) / 3 : undefined,
      currency: won ? (rng.chance(0.7) ? 'USD' : rng.chance(0.5) ? 'EUR' : undefined) : undefined,
      reason: type.needs === 'reason' ? REASONS[rng.int(0, REASONS.length - 1)] : undefined,
      createdAt: createdAt(
        rng,
        start + (sameInstant ? rng.int(3, 6) * 20 * DAY : rng.int(0, 200) * DAY + rng.int(-2, 2) * 180_000),
      ),
      by: 'Sam',
      target: rng.chance(0.8) ? 'local' : rng.pick(SOURCES),
      supersedes: i > 0 && rng.chance(0.15) ? outcomes[rng.int(0, i - 1)]!.id : undefined,
      attribution: {
        touches: [
          { campaignId: `c${recorded}`, name: `Recorded ${recorded}`, count: rng.int(1, 3) },
          { campaignId: 'only-recorded', name: 'Known from the outcome only', count: 1 },
        ],
        firstTouch: `c${recorded}`,
        lastTouch: 'only-recorded',
      },
      // Undone and discarded outcomes never happened: no follow-up for the SLA.
      delivery: rng.chance(0.8) ? 'delivered' : rng.pick(DELIVERY_STATES),
      attempts: 0,
    } as Outcome);
  }
  return { leads, touchpoints, outcomes };
}

/** Mostly the stored form; sometimes another spelling of the instant, or no valid time at all. */
function createdAt(rng: Rng, at: number): string {
  const iso = new Date(at).toISOString();
  if (rng.chance(0.9)) return iso;
  return rng.pick([iso.replace('Z', '+00:00'), `${iso.slice(0, 19)}Z`, 'not a date', '2026-02-31T00:00:00Z']);
}

const SLA: SlaRule = {
  hours: 24,
  businessHoursOnly: false,
  businessDays: [1, 2, 3, 4, 5],
  dayStartHour: 9,
  dayEndHour: 17,
  timeZone: 'UTC',
};

describe('computeReport agrees exactly with the plain reference on random data', () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (const model of ['first', 'last', 'linear'] as AttributionModel[]) {
    it(`${model} touch, 200 seeded worlds`, () => {
      for (let seed = 1; seed <= 200; seed++) {
        const rng = createRng(seed * 7_919);
        const world = randomWorld(rng, start);
        const input: ReportInput = {
          ...world,
          outcomeTypes: DEFAULT_OUTCOMES,
          sla: SLA,
          range: {
            from: new Date(start + rng.int(0, 60) * DAY),
            to: new Date(start + rng.int(100, 210) * DAY),
          },
          model,
          windowDays: rng.pick([90, 30, 1]),
          sources: rng.chance(0.2) ? [rng.pick(SOURCES)] : undefined,
          now: new Date(start + 180 * DAY),
        };
        const { overTime, ...report } = computeReport(input);
        expect({ seed, report }).toEqual({ seed, report: referenceReport(input) });
        // Every effective outcome in range is counted in exactly one week.
        const weekTotal = overTime.reduce(
          (sum, week) => sum + Object.values(week.byKind).reduce((a, b) => a + b, 0),
          0,
        );
        const superseded = new Set(world.outcomes.map((o) => o.supersedes));
        const inRange = world.outcomes.filter((o) => {
          const at = Date.parse(o.createdAt);
          return (
            at >= input.range.from.getTime() &&
            at < input.range.to.getTime() &&
            !superseded.has(o.id) &&
            (!input.sources || input.sources.includes(o.target))
          );
        });
        expect({ seed, weekTotal }).toEqual({ seed, weekTotal: inRange.length });
      }
    }, 60_000);
  }
});
