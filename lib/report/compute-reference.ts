/**
 * Test support for compute.reference.test.ts: the report's rules written the plain way, per
 * outcome, with none of compute.ts's indexing (the lead's touchpoints filtered into the window,
 * the attribution built, shared out with creditShares).
 */
import type { Attribution } from '../model';
import { creditShares } from '../insights/campaigns';
import { isHumanEngagement } from '../insights/kinds';
import { slaClock } from '../insights/sla';
import {
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
export function referenceReport(input: ReportInput): Omit<Report, 'overTime'> {
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
    const aliases: Record<string, string> = { mql: 'marketingqualifiedlead', sql: 'salesqualifiedlead' };
    const stage = (lead.lifecycleStage ?? '').toLowerCase().replace(/[\s_-]+/g, '');
    const rank = stages.indexOf(aliases[stage] ?? stage);
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
