import { describe, expect, it } from 'vitest';
import type { Lead, Outcome, Touchpoint } from '../model';
import { computeReport, median, percentile, type ReportInput } from './compute';
import {
  counts,
  input,
  leads,
  news,
  outcome,
  outcomes,
  row,
  touch,
  touchpoints,
  web,
} from './compute-test-data';

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
