/**
 * Data and fake deps for the report's component tests. Not imported by production code.
 *
 * Now is 2026-03-01 12:00 UTC; "last 30 days" is 2026-01-31 → 2026-03-02 (UTC, the SLA's zone).
 *   alpha (email):   A opens 02-02, B opens 02-03, C opens 02-04
 *   beta (webinar):  B attends 02-05
 *   A: meeting 02-10, won 1,234.50 USD 02-20;  B: not a fit 02-12 "Too small";  C: nothing
 * First touch: alpha engaged 3, outcomes 2, meetings 1, SQLs 1, won 1, revenue 1,234.5;
 * beta engaged 1, nothing else. Linear: B's outcome is split, alpha 1.5 and beta 0.5.
 * SLA (24 h): A became an MQL 02-09 12:00 and was touched 02-10 12:00 (24 h, in time);
 * C became an MQL 02-20 12:00 and is overdue (untouched).
 */
import { vi } from 'vitest';
import { ok, type Result } from '../../lib/messaging/result';
import { Lead, Outcome, Touchpoint, type OutcomeInput, type TouchpointInput } from '../../lib/model';
import type { ReportData, ReportSettings, TeamOutcomes } from '../../lib/report/load';
import { defaultSettings } from '../../lib/settings/schema';
import type { ReportDeps } from './types';

export const NOW = Date.parse('2026-03-01T12:00:00.000Z');

export const email = (lead: string) => `${lead}@x.example`;

export const alpha = { id: 'alpha', name: 'Alpha', channel: 'email' as const };
export const beta = { id: 'beta', name: 'Beta', channel: 'webinar' as const };

export function touch(
  id: string,
  lead: string,
  campaign: TouchpointInput['campaign'],
  date: string,
  kind: Touchpoint['kind'] = 'email_open',
) {
  return Touchpoint.parse({
    id,
    leadEmail: email(lead),
    occurredAt: `${date}T12:00:00.000Z`,
    kind,
    campaign,
    source: 'local',
  });
}

let seq = 0;
export function outcome(lead: string, kind: string, date: string, extra: Partial<OutcomeInput> = {}) {
  return Outcome.parse({
    id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    leadEmail: email(lead),
    kind,
    createdAt: `${date}T12:00:00.000Z`,
    target: 'local',
    delivery: 'local',
    ...extra,
  });
}

export function reportSettings(change: (settings: ReportSettings) => void = () => {}): ReportSettings {
  const settings = structuredClone(defaultSettings());
  settings.sla.timeZone = 'UTC';
  change(settings);
  return settings;
}

export function reportData(
  names: { alpha?: string; beta?: string; reason?: string; leadName?: string } = {},
): ReportData {
  const a = { ...alpha, name: names.alpha ?? alpha.name };
  const b = { ...beta, name: names.beta ?? beta.name };
  return {
    leads: [
      Lead.parse({ email: email('a'), name: 'Ada Lovelace', mqlAt: '2026-02-09T12:00:00.000Z' }),
      Lead.parse({
        email: email('c'),
        name: names.leadName ?? 'Cy Young',
        mqlAt: '2026-02-20T12:00:00.000Z',
      }),
    ],
    touchpoints: [
      touch('1', 'a', a, '2026-02-02'),
      touch('2', 'b', a, '2026-02-03'),
      touch('3', 'c', a, '2026-02-04'),
      touch('4', 'b', b, '2026-02-05', 'webinar_attended'),
    ],
    outcomes: [
      outcome('a', 'meeting_booked', '2026-02-10'),
      outcome('a', 'won', '2026-02-20', { amount: 1234.5, currency: 'USD' }),
      outcome('b', 'not_a_fit', '2026-02-12', { reason: names.reason ?? 'Too small' }),
    ],
    strategy: 'by-lead',
    skipped: 0,
    knownLeads: 3,
    outcomesEver: 3,
    sampleLeads: 0,
  };
}

export function fakeDeps(
  overrides: Partial<ReportDeps> & { data?: ReportData; settingsValue?: ReportSettings } = {},
) {
  const { data = reportData(), settingsValue = reportSettings(), ...rest } = overrides;
  const deps = {
    settings: vi.fn(async (): Promise<Result<ReportSettings>> => ok(settingsValue)),
    load: vi.fn(async () => structuredClone(data)),
    download: vi.fn(),
    copyText: vi.fn(async () => {}),
    now: () => NOW,
    locale: 'en-US',
    ...rest,
  } satisfies ReportDeps;
  return deps;
}

export function teamReply(outcomes: Outcome[], label = 'REST endpoint'): Result<TeamOutcomes | null> {
  return ok({ source: 'rest', label, outcomes });
}
