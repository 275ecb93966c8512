import { describe, expect, it } from 'vitest';
import { Lead, Outcome, Touchpoint, type OutcomeInput, type TouchpointInput } from '../model';
import { DEFAULT_OUTCOMES } from '../settings/schema';
import type { SlaRule } from '../insights/sla';
import {
  computeReport,
  median,
  NO_CAMPAIGN_ID,
  percentile,
  type CampaignRow,
  type ReportInput,
} from './compute';

/*
 * The hand-worked dataset. Campaigns: news (Newsletter), web (Webinar), ads (Paid search).
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
const news = { id: 'news', name: 'Newsletter', channel: 'email' as const };
const web = { id: 'web', name: 'Webinar', channel: 'webinar' as const };
const ads = { id: 'ads', name: 'Paid search', channel: 'paid_search' as const };

const email = (lead: string) => `${lead.toLowerCase()}@${lead.toLowerCase()}-example.com`;
let touchSeq = 0;
const touch = (
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
const outcome = (lead: string, kind: string, createdAt: string, extra: Partial<OutcomeInput> = {}) =>
  Outcome.parse({
    id: uuid(++outcomeSeq),
    leadEmail: email(lead),
    kind,
    createdAt: createdAt.length === 10 ? `${createdAt}T12:00:00.000Z` : createdAt,
    target: 'local',
    delivery: 'delivered',
    ...extra,
  });
const lead = (name: string, mqlAt?: string) =>
  Lead.parse({ email: email(name), name: `Lead ${name}`, mqlAt, refs: [{ source: 'local', id: name }] });

const touchpoints = [
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

const bMeeting = outcome('B', 'meeting_booked', '2026-02-20T10:00:00.000Z');
const outcomes = [
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
const leads = [
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

const sla: SlaRule = {
  hours: 24,
  businessHoursOnly: false,
  businessDays: [1, 2, 3, 4, 5],
  dayStartHour: 9,
  dayEndHour: 17,
  timeZone: 'UTC',
};
const H = 3_600_000;
const input: ReportInput = {
  leads,
  touchpoints,
  outcomes,
  outcomeTypes: DEFAULT_OUTCOMES,
  sla,
  range: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') },
  model: 'first',
};

type Counts = Pick<
  CampaignRow,
  'campaignId' | 'leadsEngaged' | 'leadsWithOutcome' | 'meetings' | 'sqls' | 'won' | 'revenue'
>;
const counts = (rows: CampaignRow[]): Counts[] =>
  rows.map(({ campaignId, leadsEngaged, leadsWithOutcome, meetings, sqls, won, revenue }) => ({
    campaignId,
    leadsEngaged,
    leadsWithOutcome,
    meetings,
    sqls,
    won,
    revenue,
  }));
const row = (
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
const close = (rows: Counts[]) =>
  rows.map((r) => ({
    ...r,
    leadsWithOutcome: expect.closeTo(r.leadsWithOutcome, 10),
    meetings: expect.closeTo(r.meetings, 10),
    sqls: expect.closeTo(r.sqls, 10),
    won: expect.closeTo(r.won, 10),
    revenue: expect.closeTo(r.revenue, 6),
  }));

describe('computeReport: the hand-worked dataset', () => {
  /*
   * Leads engaged in range (own touches, machine and sends left out):
   *   news: A (01-05), B (02-15), D (03-10), H (03-24) = 4
   *   web:  A, B, G, I (01-20; B also 01-10)          = 4   (F's touch is from 2025)
   *   ads:  A (02-01), C (03-05)                      = 2   (E has no touchpoints)
   *   distinct: A B C D G H I = 7
   * Effective outcomes in range: all but B's superseded meeting and G's (after the range).
   * Steps per lead: A any→won (9000 USD); B any; C any; E any→won (5000 USD); F any; H any→won
   * (EUR, kept apart); I any. Totals: 7 with an outcome, 3 meetings, 3 SQLs, 3 won, 14000 USD.
   */
  it('totals', () => {
    const report = computeReport(input);
    expect(report.currency).toBe('USD');
    expect(report.otherCurrencies).toEqual({ EUR: 1000 });
    expect(report.totals).toEqual({
      leadsEngaged: 7,
      leadsWithOutcome: 7,
      meetings: 3,
      sqls: 3,
      won: 3,
      revenue: 14000,
      rates: { outcomeFromEngaged: 1, meetingFromOutcome: 3 / 7, sqlFromMeeting: 1, wonFromSql: 1 },
    });
  });

  /*
   * First touch: everything A reached goes to news (its first touch before each outcome); B → web
   * (01-10); C → ads; E → ads (recorded attribution, no history here); F → no campaign (its only
   * touch is 139 days before the outcome, outside 90); H → news; I → web.
   *   news: outcome A H = 2, meeting 2, SQL 2, won 2, revenue 9000 (H's is EUR)
   *   web:  outcome B I = 2, nothing further
   *   ads:  outcome C E = 2, meeting E = 1, SQL 1, won 1, revenue 5000
   *   none: outcome F = 1
   * Order: revenue (news 9000, ads 5000), then web; "no campaign" always last.
   */
  it('first touch', () => {
    const report = computeReport({ ...input, model: 'first' });
    expect(counts(report.campaigns)).toEqual([
      row('news', 4, 2, 2, 2, 2, 9000),
      row('ads', 2, 2, 1, 1, 1, 5000),
      row('web', 4, 2, 0, 0, 0, 0),
      row(NO_CAMPAIGN_ID, 0, 1, 0, 0, 0, 0),
    ]);
    const [newsRow, adsRow, webRow, none] = report.campaigns;
    expect(newsRow).toMatchObject({ name: 'Newsletter', channel: 'email' });
    expect(none).toMatchObject({ name: 'No campaign touch', channel: 'other' });
    // news 2/4 engaged had an outcome; all of those went on to a meeting, SQL and win.
    expect(newsRow?.rates).toEqual({
      outcomeFromEngaged: 0.5,
      meetingFromOutcome: 1,
      sqlFromMeeting: 1,
      wonFromSql: 1,
    });
    expect(adsRow?.rates).toEqual({
      outcomeFromEngaged: 1,
      meetingFromOutcome: 0.5,
      sqlFromMeeting: 1,
      wonFromSql: 1,
    });
    expect(webRow?.rates).toEqual({
      outcomeFromEngaged: 0.5,
      meetingFromOutcome: 0,
      sqlFromMeeting: null,
      wonFromSql: null,
    });
  });

  /*
   * Last touch: A's last touch before 02-03, 02-10 and 03-01 is ads (02-01) → ads gets A's four
   * steps and 9000. B's last human touch is news (02-15; the 02-16 web click is a machine's).
   * C, E → ads; F → none; H → news; I → web.
   *   ads:  outcome A C E = 3, meeting A E = 2, SQL 2, won 2, revenue 9000 + 5000 = 14000
   *   news: outcome B H = 2, meeting H = 1, SQL 1, won 1, revenue 0 (EUR)
   *   web:  outcome I = 1
   *   none: outcome F = 1
   */
  it('last touch', () => {
    const report = computeReport({ ...input, model: 'last' });
    expect(counts(report.campaigns)).toEqual([
      row('ads', 2, 3, 2, 2, 2, 14000),
      row('news', 4, 2, 1, 1, 1, 0),
      row('web', 4, 1, 0, 0, 0, 0),
      row(NO_CAMPAIGN_ID, 0, 1, 0, 0, 0, 0),
    ]);
  });

  /*
   * Linear (each touch in the window an equal share):
   *   A: news 1, web 1, ads 1 touch → ⅓ each of every step, and ⅓ × 9000 = 3000 each
   *   B: web 2 (registered, attended), news 1 → web ⅔, news ⅓ of "any outcome"
   *   C: ads 1; E: ads 1 (recorded) with 5000; F: none; H: news 1 (EUR); I: web 1
   *   news: outcome ⅓ + ⅓ + 1 = 5/3; meeting ⅓ + 1 = 4/3; SQL 4/3; won 4/3; revenue 3000
   *   web:  outcome ⅓ + ⅔ + 1 = 2;   meeting ⅓;          SQL ⅓;   won ⅓;   revenue 3000
   *   ads:  outcome ⅓ + 1 + 1 = 7/3; meeting ⅓ + 1 = 4/3; SQL 4/3; won 4/3; revenue 3000 + 5000 = 8000
   *   none: outcome 1
   *   Check: outcomes 5/3 + 2 + 7/3 + 1 = 7; meetings 4/3 + ⅓ + 4/3 = 3; revenue 14000.
   * Order: ads (8000), then news and web tie on revenue 3000 and news has more won.
   */
  it('linear', () => {
    const report = computeReport({ ...input, model: 'linear' });
    expect(counts(report.campaigns)).toEqual(
      close([
        row('ads', 2, 7 / 3, 4 / 3, 4 / 3, 4 / 3, 8000),
        row('news', 4, 5 / 3, 4 / 3, 4 / 3, 4 / 3, 3000),
        row('web', 4, 2, 1 / 3, 1 / 3, 1 / 3, 3000),
        row(NO_CAMPAIGN_ID, 0, 1, 0, 0, 0, 0),
      ]),
    );
    const sum = (key: keyof Counts) => report.campaigns.reduce((total, r) => total + (r[key] as number), 0);
    expect(sum('leadsWithOutcome')).toBeCloseTo(report.totals.leadsWithOutcome, 10);
    expect(sum('meetings')).toBeCloseTo(report.totals.meetings, 10);
    expect(sum('revenue')).toBeCloseTo(report.totals.revenue, 6);
  });

  it('SLA figures', () => {
    expect(computeReport(input).sla).toEqual({
      mqls: 7,
      touched: 5,
      touchedWithinSla: 3,
      running: 1,
      compliance: 0.5,
      medianMs: 24 * H,
      p90Ms: 48 * H,
      overdue: [{ email: email('D'), name: 'Lead D', mqlAt: '2026-03-20T00:00:00.000Z', overdueMs: 264 * H }],
    });
  });

  it('reads the clocks at `now` when given', () => {
    // At 03-21 12:00 D is 12 h past due. (G and H became MQLs after that `now`: H's clock reads
    // as not started yet, G's as stopped by its later touch; neither is overdue.)
    const report = computeReport({ ...input, now: new Date('2026-03-21T12:00:00Z') });
    expect(report.sla.overdue).toEqual([expect.objectContaining({ email: email('D'), overdueMs: 12 * H })]);
  });

  /*
   * Reasons ("rejected" and "lost" outcomes), B's and I's spellings of "too small" grouped:
   *   first:  web not_a_fit (B, I) = 2; none lost 1; ads bad_timing 1
   *   last:   news not_a_fit (B) 1; none lost 1; ads bad_timing 1; web not_a_fit (I) 1
   *   linear: web not_a_fit ⅔ + 1 = 5/3; none lost 1; ads bad_timing 1; news not_a_fit ⅓
   * Ties sort by campaign name.
   */
  it.each<[ReportInput['model'], [string, string, string, number][]]>([
    [
      'first',
      [
        ['web', 'not_a_fit', 'Too small', 2],
        [NO_CAMPAIGN_ID, 'lost', 'Chose a competitor', 1],
        ['ads', 'bad_timing', '', 1],
      ],
    ],
    [
      'last',
      [
        ['news', 'not_a_fit', 'Too small', 1],
        [NO_CAMPAIGN_ID, 'lost', 'Chose a competitor', 1],
        ['ads', 'bad_timing', '', 1],
        ['web', 'not_a_fit', 'too small', 1],
      ],
    ],
    [
      'linear',
      [
        ['web', 'not_a_fit', 'Too small', 5 / 3],
        [NO_CAMPAIGN_ID, 'lost', 'Chose a competitor', 1],
        ['ads', 'bad_timing', '', 1],
        ['news', 'not_a_fit', 'Too small', 1 / 3],
      ],
    ],
  ])('reasons under %s touch', (model, expected) => {
    const { reasons } = computeReport({ ...input, model });
    expect(reasons.map((r) => [r.campaignId, r.kind, r.reason, r.count])).toEqual(
      expected.map(([id, kind, reason, count]) => [id, kind, reason, expect.closeTo(count, 10)]),
    );
    expect(reasons.find((r) => r.kind === 'not_a_fit')?.label).toBe('Not a fit');
  });

  /* Weeks start on Monday: 2025-12-29 … 2026-03-30 = 14 weeks. */
  it('outcomes over time', () => {
    const { overTime } = computeReport(input);
    expect(overTime).toHaveLength(14);
    expect(overTime[0]?.week).toBe('2025-12-29');
    expect(overTime[13]?.week).toBe('2026-03-30');
    expect(Object.keys(overTime[0]?.byKind ?? {})).toEqual(DEFAULT_OUTCOMES.map((t) => t.key));
    const nonZero = overTime.flatMap(({ week, byKind }) =>
      Object.entries(byKind)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${week} ${kind} ${n}`),
    );
    expect(nonZero).toEqual([
      '2026-02-02 meeting_booked 1', // A 02-03
      '2026-02-09 qualified 1', // A 02-10
      '2026-02-16 not_a_fit 1', // B 02-21 (its superseded meeting of 02-20 is not counted)
      '2026-02-23 won 1', // A 03-01, a Sunday
      '2026-03-02 not_a_fit 1', // I 03-03
      '2026-03-02 bad_timing 1', // C 03-06
      '2026-03-09 won 1', // E 03-15
      '2026-03-16 lost 1', // F 03-20
      '2026-03-23 won 1', // H 03-25
    ]);
  });
});

describe('computeReport: rules', () => {
  const base = { ...input, leads: [] as Lead[], model: 'first' as const };
  const only = (tps: Touchpoint[], outs: Outcome[], extra: Partial<ReportInput> = {}) =>
    computeReport({ ...base, touchpoints: tps, outcomes: outs, ...extra });

  it('counts a lead once per step, whatever order its outcomes came in', () => {
    const report = only(
      [touch('X', news, '2026-01-02', 'email_open')],
      [
        outcome('X', 'qualified', '2026-01-10'),
        outcome('X', 'meeting_booked', '2026-01-12'),
        outcome('X', 'meeting_booked', '2026-01-13'),
      ],
    );
    expect(counts(report.campaigns)).toEqual([row('news', 1, 1, 1, 1, 0, 0)]);
  });

  it('a later rejection does not undo an earlier step, and is still a reason', () => {
    const report = only(
      [touch('X', news, '2026-01-02', 'email_open')],
      [
        outcome('X', 'meeting_booked', '2026-01-10'),
        outcome('X', 'not_a_fit', '2026-01-20', { reason: 'No budget' }),
      ],
    );
    expect(counts(report.campaigns)).toEqual([row('news', 1, 1, 1, 0, 0, 0)]);
    expect(report.reasons.map((r) => r.reason)).toEqual(['No budget']);
  });

  it('a superseded win counts neither as a win nor as revenue; its correction counts', () => {
    const win = outcome('X', 'won', '2026-01-10', { amount: 100, currency: 'USD' });
    const report = only(
      [touch('X', news, '2026-01-02', 'email_open')],
      [win, outcome('X', 'lost', '2026-01-11', { supersedes: win.id, reason: 'Entered by mistake' })],
    );
    expect(report.totals).toMatchObject({ leadsWithOutcome: 1, meetings: 0, won: 0, revenue: 0 });
    expect(report.reasons.map((r) => [r.kind, r.reason])).toEqual([['lost', 'Entered by mistake']]);
  });

  it('a chain of corrections leaves only the last', () => {
    const first = outcome('X', 'meeting_booked', '2026-01-10');
    const second = outcome('X', 'qualified', '2026-01-11', { supersedes: first.id });
    const third = outcome('X', 'not_a_fit', '2026-01-12', { supersedes: second.id });
    expect(only([], [first, second, third]).totals).toMatchObject({
      leadsWithOutcome: 1,
      meetings: 0,
      sqls: 0,
    });
  });

  it('counts revenue of every win of a lead, credited per win', () => {
    const report = only(
      [touch('X', news, '2026-01-02', 'email_open'), touch('X', web, '2026-02-02', 'webinar_attended')],
      [outcome('X', 'won', '2026-01-10', { amount: 100 }), outcome('X', 'won', '2026-02-10', { amount: 50 })],
      { model: 'last' },
    );
    // First win: last touch news → 100; second win: last touch web → 50. The lead is won once (news).
    expect(counts(report.campaigns)).toEqual([
      row('news', 1, 1, 1, 1, 1, 100),
      row('web', 1, 0, 0, 0, 0, 50),
    ]);
  });

  it('filters by source: touchpoints by source, outcomes by target, leads by ref', () => {
    const report = computeReport({ ...input, sources: ['hubspot'] });
    expect(report.campaigns).toEqual([]);
    expect(report.totals.leadsWithOutcome).toBe(0);
    expect(report.sla.mqls).toBe(0);
    const local = computeReport({ ...input, sources: ['local', 'hubspot'] });
    expect(counts(local.campaigns)).toEqual(counts(computeReport(input).campaigns));
  });

  it.each(['first', 'last', 'linear'] as const)('does not depend on the order of the input (%s)', (model) => {
    const shuffled = computeReport({
      ...input,
      model,
      touchpoints: [...touchpoints].reverse(),
      outcomes: [...outcomes].reverse(),
      leads: [...leads].reverse(),
    });
    expect(shuffled).toEqual(computeReport({ ...input, model }));
  });

  it('gives the same report whether the touch index was built for it or reused from an earlier one', () => {
    const recordedOnly: Outcome = {
      ...outcomes[0]!,
      id: 'recorded-only',
      leadEmail: 'nobody-here@acme.example',
      attribution: {
        touches: [{ campaignId: 'only-recorded', name: 'Only recorded', count: 2 }],
      },
    };
    const sequence: Partial<ReportInput>[] = [
      { model: 'linear', sources: ['hubspot'] },
      { model: 'first', outcomes: [...outcomes, recordedOnly] },
      { model: 'linear' },
      { model: 'last', sources: ['local'] },
      { model: 'first' },
    ];
    for (const change of sequence) {
      const reused = computeReport({ ...input, ...change });
      const fresh = computeReport({ ...input, ...change, touchpoints: [...touchpoints] });
      expect(reused).toEqual(fresh);
    }
  });

  it('is empty, not broken, with no data', () => {
    const report = only([], []);
    expect(report.campaigns).toEqual([]);
    expect(report.totals.rates).toEqual({
      outcomeFromEngaged: null,
      meetingFromOutcome: null,
      sqlFromMeeting: null,
      wonFromSql: null,
    });
    expect(report.sla).toMatchObject({ mqls: 0, compliance: null, medianMs: null, p90Ms: null, overdue: [] });
    expect(report.reasons).toEqual([]);
  });

  it('an outcome kind missing from the taxonomy counts as an outcome only', () => {
    const report = only(
      [touch('X', news, '2026-01-02', 'email_open')],
      [outcome('X', 'legacy_kind', '2026-01-10')],
    );
    expect(counts(report.campaigns)).toEqual([row('news', 1, 1, 0, 0, 0, 0)]);
  });
});

describe('median and percentile', () => {
  it.each<[number[], number | null, number | null]>([
    [[], null, null],
    [[5], 5, 5],
    [[1, 2], 1.5, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10],
  ])('%j → median %s, p90 %s', (values, med, p90) => {
    expect(median(values)).toBe(med);
    expect(percentile(values, 0.9)).toBe(p90);
  });
});
