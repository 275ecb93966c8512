/**
 * The report's indexed path against a straightforward reference over random data: per outcome,
 * filter the lead's touchpoints into the window, build the attribution, share it out with
 * creditShares. Same rules, none of the indexing, so an optimisation cannot quietly change a
 * number (the comparison is exact, fractions included).
 */
import { describe, expect, it } from 'vitest';
import type { Attribution, Lead, Outcome, SourceId, Touchpoint, TouchpointKind } from '../model';
import { DEFAULT_OUTCOMES } from '../settings/schema';
import { creditShares, type AttributionModel } from '../insights/campaigns';
import { isHumanEngagement } from '../insights/kinds';
import { slaClock, type SlaRule } from '../insights/sla';
import { createRng, type Rng } from '../sample/prng';
import {
  computeReport,
  median,
  NO_CAMPAIGN_ID,
  NO_CAMPAIGN_NAME,
  percentile,
  type CampaignRow,
  type Report,
  type ReportInput,
  type ReasonRow,
} from './compute';

const DAY = 86_400_000;
const STEP: Record<string, number> = { other: 0, rejected: 0, lost: 0, meeting: 1, sql: 2, won: 3 };

/** The rules of compute.ts, written the plain way. */
function referenceReport(input: ReportInput): Omit<Report, 'overTime'> {
  const from = input.range.from.getTime();
  const to = input.range.to.getTime();
  const windowMs = (input.windowDays ?? 90) * DAY;
  const sources = input.sources ? new Set(input.sources) : undefined;
  const stageOf = new Map(input.outcomeTypes.map((type) => [type.key, type.stage]));

  const touches = input.touchpoints.filter(
    (t) =>
      (!sources || sources.has(t.source)) &&
      t.campaign !== undefined &&
      isHumanEngagement(t) &&
      Number.isFinite(Date.parse(t.occurredAt)),
  );
  const campaignIds: string[] = [];
  const names = new Map<string, { name: string; channel: CampaignRow['channel']; at: number }>();
  for (const t of touches) {
    const at = Date.parse(t.occurredAt);
    const known = names.get(t.campaign!.id);
    if (!known) campaignIds.push(t.campaign!.id);
    if (!known || at > known.at)
      names.set(t.campaign!.id, { name: t.campaign!.name, channel: t.campaign!.channel, at });
  }
  const leadsWithHistory = new Set(input.touchpoints.map((t) => t.leadEmail));

  const superseded = new Set(input.outcomes.flatMap((o) => (o.supersedes ? [o.supersedes] : [])));
  const effective = input.outcomes
    .filter((o) => !sources || sources.has(o.target))
    .map((outcome) => ({ outcome, at: Date.parse(outcome.createdAt) }))
    .filter(({ outcome, at }) => at >= from && at < to && !superseded.has(outcome.id))
    .sort((a, b) => a.at - b.at || a.outcome.id.localeCompare(b.outcome.id));

  const currencyCounts = new Map<string, number>();
  for (const { outcome } of effective) {
    if (stageOf.get(outcome.kind) === 'won' && outcome.currency)
      currencyCounts.set(outcome.currency, (currencyCounts.get(outcome.currency) ?? 0) + 1);
  }
  let currency = 'USD';
  let best = 0;
  for (const [code, count] of [...currencyCounts].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > best) [currency, best] = [code, count];
  }

  const rows = new Map<
    string,
    { name: string; channel: CampaignRow['channel']; steps: number[]; revenue: number }
  >();
  const rowOf = (id: string, attribution?: Attribution) => {
    let row = rows.get(id);
    if (!row) {
      const named = names.get(id);
      row = {
        name:
          id === NO_CAMPAIGN_ID
            ? NO_CAMPAIGN_NAME
            : (named?.name ?? attribution?.touches.find((t) => t.campaignId === id)?.name ?? id),
        channel: named?.channel ?? 'other',
        steps: [0, 0, 0, 0],
        revenue: 0,
      };
      rows.set(id, row);
    }
    return row;
  };
  rowOf(NO_CAMPAIGN_ID);
  for (const id of campaignIds) rowOf(id);

  const reached = new Map<string, number>();
  const totals = { leadsWithOutcome: 0, meetings: 0, sqls: 0, won: 0, revenue: 0 };
  const otherCurrencies: Record<string, number> = {};
  const reasons = new Map<string, ReasonRow>();
  for (const { outcome, at } of effective) {
    const stage = stageOf.get(outcome.kind) ?? 'other';
    const step = STEP[stage] ?? 0;
    const previous = reached.get(outcome.leadEmail) ?? -1;
    const wins = stage === 'won' && outcome.amount !== undefined && outcome.amount > 0;
    const isReason = stage === 'rejected' || stage === 'lost';
    if (step <= previous && !wins && !isReason) continue;

    let attribution = outcome.attribution;
    if (leadsWithHistory.has(outcome.leadEmail)) {
      const inWindow = touches
        .filter((t) => t.leadEmail === outcome.leadEmail)
        .map((t, order) => ({ t, order, at: Date.parse(t.occurredAt) }))
        .filter(({ at: when }) => when >= at - windowMs && when <= at)
        .sort((a, b) => a.at - b.at || a.order - b.order);
      const counts = new Map<string, number>();
      for (const { t } of inWindow) counts.set(t.campaign!.id, (counts.get(t.campaign!.id) ?? 0) + 1);
      attribution = {
        touches: [...counts].map(([campaignId, count]) => ({
          campaignId,
          name: names.get(campaignId)?.name ?? '',
          count,
        })),
        firstTouch: inWindow[0]?.t.campaign!.id,
        lastTouch: inWindow[inWindow.length - 1]?.t.campaign!.id,
      };
    }
    let shares = [...creditShares(attribution, input.model)];
    if (shares.length === 0) shares = [[NO_CAMPAIGN_ID, 1]];

    for (let s = previous + 1; s <= step; s++) {
      for (const [id, share] of shares) rowOf(id, attribution).steps[s]! += share;
    }
    if (step > previous) {
      reached.set(outcome.leadEmail, step);
      if (previous < 0) totals.leadsWithOutcome++;
      if (previous < 1 && step >= 1) totals.meetings++;
      if (previous < 2 && step >= 2) totals.sqls++;
      if (previous < 3 && step >= 3) totals.won++;
    }
    if (wins) {
      const code = outcome.currency ?? currency;
      if (code === currency) {
        totals.revenue += outcome.amount!;
        for (const [id, share] of shares) rowOf(id, attribution).revenue += share * outcome.amount!;
      } else {
        otherCurrencies[code] = (otherCurrencies[code] ?? 0) + outcome.amount!;
      }
    }
    if (isReason) {
      const reason = (outcome.reason ?? '').replace(/\s+/g, ' ').trim();
      for (const [id, share] of shares) {
        const key = `${id}\u0000${outcome.kind}\u0000${reason.toLowerCase()}`;
        const row = reasons.get(key) ?? {
          campaignId: id,
          name: rowOf(id, attribution).name,
          kind: outcome.kind,
          label:
            input.outcomeTypes.find((type) => type.key === outcome.kind)?.label ??
            outcome.label ??
            outcome.kind,
          reason,
          count: 0,
        };
        row.count += share;
        reasons.set(key, row);
      }
    }
  }

  const engagedLeads = new Map<string, Set<string>>();
  const anyEngaged = new Set<string>();
  for (const t of touches) {
    const at = Date.parse(t.occurredAt);
    if (!(at >= from && at < to)) continue;
    anyEngaged.add(t.leadEmail);
    const set = engagedLeads.get(t.campaign!.id) ?? new Set<string>();
    set.add(t.leadEmail);
    engagedLeads.set(t.campaign!.id, set);
  }
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const ratesOf = (c: {
    leadsEngaged: number;
    leadsWithOutcome: number;
    meetings: number;
    sqls: number;
    won: number;
  }) => ({
    outcomeFromEngaged: rate(c.leadsWithOutcome, c.leadsEngaged),
    meetingFromOutcome: rate(c.meetings, c.leadsWithOutcome),
    sqlFromMeeting: rate(c.sqls, c.meetings),
    wonFromSql: rate(c.won, c.sqls),
  });
  const campaigns: CampaignRow[] = [];
  for (const [campaignId, row] of rows) {
    const counts = {
      leadsEngaged: engagedLeads.get(campaignId)?.size ?? 0,
      leadsWithOutcome: row.steps[0]!,
      meetings: row.steps[1]!,
      sqls: row.steps[2]!,
      won: row.steps[3]!,
      revenue: row.revenue,
    };
    if (counts.leadsEngaged === 0 && counts.leadsWithOutcome === 0 && counts.revenue === 0) continue;
    campaigns.push({ campaignId, name: row.name, channel: row.channel, ...counts, rates: ratesOf(counts) });
  }
  campaigns.sort(
    (a, b) =>
      Number(a.campaignId === NO_CAMPAIGN_ID) - Number(b.campaignId === NO_CAMPAIGN_ID) ||
      b.revenue - a.revenue ||
      b.won - a.won ||
      b.sqls - a.sqls ||
      b.meetings - a.meetings ||
      b.leadsWithOutcome - a.leadsWithOutcome ||
      b.leadsEngaged - a.leadsEngaged ||
      a.name.localeCompare(b.name),
  );

  // SLA: the earliest outcome of any kind on or after the MQL date.
  const sla: Report['sla'] = {
    mqls: 0,
    touched: 0,
    touchedWithinSla: 0,
    running: 0,
    compliance: null,
    medianMs: null,
    p90Ms: null,
    overdue: [],
  };
  const took: number[] = [];
  const now = input.now ?? input.range.to;
  for (const lead of input.leads) {
    if (!lead.mqlAt) continue;
    if (sources && lead.refs.length > 0 && !lead.refs.some((ref) => sources.has(ref.source))) continue;
    const mqlAt = Date.parse(lead.mqlAt);
    if (!(mqlAt >= from && mqlAt < to)) continue;
    // The one SLA rule, spelled out: no clock past the start stage; the first follow-up is the
    // earliest outcome not undone or discarded from five minutes before the MQL date on.
    const stages = [
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
    ];
    const rank = stages.indexOf((lead.lifecycleStage ?? '').toLowerCase().replace(/[\s_-]+/g, ''));
    const start = stages.indexOf(input.sla.startStage ?? 'marketingqualifiedlead');
    if (rank >= 0 && start >= 0 && rank > start) continue;
    sla.mqls++;
    const after = input.outcomes
      .map((o) => ({ o, at: Date.parse(o.createdAt) }))
      .filter(
        ({ o, at }) =>
          o.leadEmail === lead.email &&
          o.delivery !== 'undone' &&
          o.delivery !== 'discarded' &&
          at >= mqlAt - 5 * 60_000,
      )
      .map(({ at }) => at);
    const touch = after.length > 0 ? Math.min(...after) : undefined;
    const clock = slaClock({
      mqlAt: lead.mqlAt,
      firstTouchAt: touch === undefined ? undefined : new Date(touch),
      now,
      sla: input.sla,
    });
    if (clock.kind === 'stopped') {
      sla.touched++;
      if (clock.withinSla) sla.touchedWithinSla++;
      took.push(clock.tookMs);
    } else if (clock.kind === 'running') sla.running++;
    else if (clock.kind === 'overdue')
      sla.overdue.push({ email: lead.email, name: lead.name, mqlAt: lead.mqlAt, overdueMs: clock.overdueMs });
  }
  const ended = sla.touched + sla.overdue.length;
  sla.compliance = ended > 0 ? sla.touchedWithinSla / ended : null;
  took.sort((a, b) => a - b);
  sla.medianMs = median(took);
  sla.p90Ms = percentile(took, 0.9);
  sla.overdue.sort((a, b) => b.overdueMs - a.overdueMs || a.email.localeCompare(b.email));

  const totalCounts = { ...totals, leadsEngaged: anyEngaged.size };
  return {
    model: input.model,
    currency,
    campaigns,
    totals: { ...totalCounts, rates: ratesOf(totalCounts) },
    sla,
    reasons: [...reasons.values()].sort(
      (a, b) =>
        b.count - a.count ||
        a.name.localeCompare(b.name) ||
        a.kind.localeCompare(b.kind) ||
        a.reason.localeCompare(b.reason),
    ),
    otherCurrencies,
  };
}

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
      mqlAt: rng.chance(0.7) ? new Date(start + rng.int(0, 200) * DAY).toISOString() : undefined,
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
      createdAt: new Date(
        start + (sameInstant ? rng.int(3, 6) * 20 * DAY : rng.int(0, 200) * DAY + rng.int(0, 2) * 3_600_000),
      ).toISOString(),
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
      delivery: 'local',
      attempts: 0,
    } as Outcome);
  }
  return { leads, touchpoints, outcomes };
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
