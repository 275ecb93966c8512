/**
 * The hand-worked dataset the report tests check against (compute.test.ts, compute.rules.test.ts),
 * and helpers to compare campaign rows.
 */
import { expect } from 'vitest';
import { Lead, Outcome, Touchpoint, type OutcomeInput, type TouchpointInput } from '../model';
import { DEFAULT_OUTCOMES } from '../settings/schema';
import type { SlaRule } from '../insights/sla';
import type { CampaignRow, ReportInput } from './compute';

/*
 * The dataset. Campaigns: news (Newsletter), web (Webinar), ads (Paid search).
 * Range: 2026-01-01 → 2026-04-01 (UTC). Attribution window: 90 days. SLA: 24 wall-clock hours.
 *
 * lead  touches (campaign, date)                         outcomes (date, kind)
 * A     news 01-05, web 01-20, ads 02-01                 02-03 meeting, 02-10 qualified, 03-01 won 9000 USD
 * B     web 01-10 (registered), web 01-20 (attended),    02-20 meeting — superseded by
 *       news 02-15 (click), web 02-16 (machine click)    02-21 not_a_fit "Too small"
 * C     ads 03-05                                        03-06 bad_timing (no reason)
 * D     news 03-10                                       —
 * E     — (no history here)                              03-15 won 5000 USD, recorded attribution: ads
 * F     web 2025-11-01 (139 days before its outcome)     03-20 lost "Chose a competitor"
 * G     web 01-20                                        04-02 meeting (after the range)
 * H     news 03-24                                       03-25 won 1000 EUR
 * I     web 01-20                                        03-03 not_a_fit "too  small"
 */
export const news = { id: 'news', name: 'Newsletter', channel: 'email' as const };
export const web = { id: 'web', name: 'Webinar', channel: 'webinar' as const };
export const ads = { id: 'ads', name: 'Paid search', channel: 'paid_search' as const };

export const email = (lead: string) => `${lead.toLowerCase()}@${lead.toLowerCase()}-example.com`;
let touchSeq = 0;
export const touch = (
  lead: string,
  campaign: TouchpointInput['campaign'],
  date: string,
  kind: TouchpointInput['kind'],
  extra: Partial<TouchpointInput> = {},
) =>
  Touchpoint.parse({
    id: `t${++touchSeq}`,
    leadEmail: email(lead),
    occurredAt: `${date}T12:00:00.000Z`,
    kind,
    campaign,
    source: 'local',
    ...extra,
  });
let outcomeSeq = 0;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const outcome = (lead: string, kind: string, createdAt: string, extra: Partial<OutcomeInput> = {}) =>
  Outcome.parse({
    id: uuid(++outcomeSeq),
    leadEmail: email(lead),
    kind,
    createdAt: createdAt.length === 10 ? `${createdAt}T12:00:00.000Z` : createdAt,
    target: 'local',
    delivery: 'delivered',
    ...extra,
  });
export const lead = (name: string, mqlAt?: string) =>
  Lead.parse({ email: email(name), name: `Lead ${name}`, mqlAt, refs: [{ source: 'local', id: name }] });

export const touchpoints = [
  touch('A', news, '2026-01-05', 'email_open'),
  touch('A', web, '2026-01-20', 'webinar_attended'),
  touch('A', ads, '2026-02-01', 'ad_click'),
  touch('B', web, '2026-01-10', 'webinar_registered'),
  touch('B', web, '2026-01-20', 'webinar_attended'),
  touch('B', news, '2026-02-15', 'email_click'),
  touch('B', web, '2026-02-16', 'email_click', { machine: true }),
  touch('B', news, '2026-02-14', 'email_sent'), // a send is not a touch
  touch('C', ads, '2026-03-05', 'ad_click'),
  touch('D', news, '2026-03-10', 'email_open'),
  touch('F', web, '2025-11-01', 'email_open'),
  touch('G', web, '2026-01-20', 'webinar_attended'),
  touch('H', news, '2026-03-24', 'email_open'),
  touch('I', web, '2026-01-20', 'webinar_attended'),
];

export const bMeeting = outcome('B', 'meeting_booked', '2026-02-20T10:00:00.000Z');
export const outcomes = [
  outcome('A', 'meeting_booked', '2026-02-03T08:00:00.000Z'),
  outcome('A', 'qualified', '2026-02-10'),
  outcome('A', 'won', '2026-03-01', { amount: 9000, currency: 'USD' }),
  bMeeting,
  outcome('B', 'not_a_fit', '2026-02-21', { reason: 'Too small', supersedes: bMeeting.id }),
  outcome('C', 'bad_timing', '2026-03-06T00:00:00.000Z'),
  outcome('E', 'won', '2026-03-15', {
    amount: 5000,
    currency: 'USD',
    attribution: {
      firstTouch: 'ads',
      lastTouch: 'ads',
      touches: [{ campaignId: 'ads', name: 'Paid search', count: 1 }],
    },
  }),
  outcome('F', 'lost', '2026-03-20', { reason: 'Chose a competitor' }),
  outcome('G', 'meeting_booked', '2026-04-02T00:00:00.000Z'),
  outcome('H', 'won', '2026-03-25', { amount: 1000, currency: 'EUR' }),
  outcome('I', 'not_a_fit', '2026-03-03T12:00:00.000Z', { reason: 'too  small' }),
];

/*
 * MQL dates, and the SLA arithmetic (first outcome on or after the MQL date; due = MQL + 24 h;
 * clocks read at `to` = 04-01 00:00):
 * A 02-02 09:00 → touched 02-03 08:00: 23 h, in time
 * B 02-19 12:00 → touched 02-20 10:00 (the superseded meeting still is a touch): 22 h, in time
 * C 03-04 00:00 → touched 03-06 00:00: 48 h, late
 * D 03-20 00:00 → never touched; due 03-21 00:00, overdue by 11 days = 264 h at 04-01
 * G 03-31 12:00 → touched 04-02 00:00 (after the range, still its first touch): 36 h, late
 * H 03-31 20:00 → its outcome (03-25) came before the MQL date: untouched, 4 h in, running
 * I 03-02 12:00 → touched 03-03 12:00: exactly 24 h, in time
 * E 2025-12-15 → outside the range; F has no MQL date.
 * MQLs 7; touched 5 (A B C G I), in time 3 (A B I), running 1 (H), overdue 1 (D).
 * Compliance = 3 / (5 touched + 1 overdue) = 0.5.
 * Times to first touch, sorted: 22, 23, 24, 36, 48 h → median 24 h; p90 = rank ⌈0.9 × 5⌉ = 5th = 48 h.
 */
export const leads = [
  lead('A', '2026-02-02T09:00:00.000Z'),
  lead('B', '2026-02-19T12:00:00.000Z'),
  lead('C', '2026-03-04T00:00:00.000Z'),
  lead('D', '2026-03-20T00:00:00.000Z'),
  lead('E', '2025-12-15T00:00:00.000Z'),
  lead('F'),
  lead('G', '2026-03-31T12:00:00.000Z'),
  lead('H', '2026-03-31T20:00:00.000Z'),
  lead('I', '2026-03-02T12:00:00.000Z'),
];

export const sla: SlaRule = {
  hours: 24,
  businessHoursOnly: false,
  businessDays: [1, 2, 3, 4, 5],
  dayStartHour: 9,
  dayEndHour: 17,
  timeZone: 'UTC',
};
export const H = 3_600_000;
export const input: ReportInput = {
  leads,
  touchpoints,
  outcomes,
  outcomeTypes: DEFAULT_OUTCOMES,
  sla,
  range: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') },
  model: 'first',
};

export type Counts = Pick<
  CampaignRow,
  'campaignId' | 'leadsEngaged' | 'leadsWithOutcome' | 'meetings' | 'sqls' | 'won' | 'revenue'
>;
export const counts = (rows: CampaignRow[]): Counts[] =>
  rows.map(({ campaignId, leadsEngaged, leadsWithOutcome, meetings, sqls, won, revenue }) => ({
    campaignId,
    leadsEngaged,
    leadsWithOutcome,
    meetings,
    sqls,
    won,
    revenue,
  }));
export const row = (
  campaignId: string,
  ...[leadsEngaged, leadsWithOutcome, meetings, sqls, won, revenue]: number[]
): Counts => ({
  campaignId,
  leadsEngaged: leadsEngaged ?? 0,
  leadsWithOutcome: leadsWithOutcome ?? 0,
  meetings: meetings ?? 0,
  sqls: sqls ?? 0,
  won: won ?? 0,
  revenue: revenue ?? 0,
});
/** Fractions compare to 10 decimals. */
export const close = (rows: Counts[]) =>
  rows.map((r) => ({
    ...r,
    leadsWithOutcome: expect.closeTo(r.leadsWithOutcome, 10),
    meetings: expect.closeTo(r.meetings, 10),
    sqls: expect.closeTo(r.sqls, 10),
    won: expect.closeTo(r.won, 10),
    revenue: expect.closeTo(r.revenue, 6),
  }));
