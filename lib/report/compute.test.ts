import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTCOMES } from '../settings/schema';
import { computeReport, NO_CAMPAIGN_ID, type ReportInput } from './compute';
import { close, counts, email, H, input, row, type Counts } from './compute-test-data';

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
