import { describe, expect, it } from 'vitest';
import { markMachineActivity } from '../insights/machine';
import { mergeLeads } from '../leads/merge';
import { Outcome, type Lead, type OutcomeInput, type SourceId, type Touchpoint } from '../model';
import { generateSampleWorkspace } from '../sample/generate';
import { defaultSettings, DEFAULT_OUTCOMES } from '../settings/schema';
import { maskedSettings } from '../settings/store';
import { openLooplineDB, type DB } from '../store/db';
import { putOutcome } from '../store/outcomes';
import { replaceWorkspace } from '../store/workspace';
import { computeReport, NO_CAMPAIGN_ID, type AttributionModel } from './compute';
import {
  chooseStrategy,
  enabledSources,
  loadReportData,
  mergeOutcomes,
  ReportSettings,
  REQUEST_COST,
  type LoadStrategy,
} from './load';

const DAY = 86_400_000;
const NOW = new Date('2026-03-01T10:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
// A quarter of the sample keeps fake-indexeddb quick and still spans 180 days of history.
const sample = (() => {
  const all = generateSampleWorkspace({ seed: 42, now: NOW });
  const leads = all.leads.slice(0, 80);
  const emails = new Set(leads.map((lead) => lead.email));
  return { ...all, leads, touchpoints: all.touchpoints.filter((t) => emails.has(t.leadEmail)) };
})();

let dbCount = 0;
const freshDb = () => openLooplineDB(`report-load-${++dbCount}-${Math.random().toString(36).slice(2)}`);

let outcomeSeq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++outcomeSeq).padStart(12, '0')}`;
const outcome = (leadEmail: string, kind: string, createdAt: string, extra: Partial<OutcomeInput> = {}) =>
  Outcome.parse({ id: uuid(), leadEmail, kind, createdAt, target: 'local', delivery: 'local', ...extra });

const ads = { id: 'cmp-ads', name: 'Imported ads', channel: 'paid_search' as const };
const touch = (
  id: string,
  leadEmail: string,
  occurredAt: string,
  extra: Partial<Touchpoint> = {},
): Touchpoint => ({
  id,
  leadEmail,
  occurredAt,
  kind: 'ad_click',
  campaign: ads,
  title: 'Ad',
  source: 'local',
  ...extra,
});

/*
 * The fixture: the sample workspace; an imported workspace with a lead the sample also has (the
 * same touchpoint id once more, and one new touch), a lead whose only touch is 400 days old, and
 * a lead with no history at all; a HubSpot cache entry; outcomes spread over the last 120 days,
 * one before every range, an undone one, a corrected chain and two with recorded attributions.
 */
const [first, second, third] = sample.leads;
const sampleTouch = sample.touchpoints.find((t) => t.leadEmail === first!.email && t.campaign)!;
const imported = {
  leads: [
    { email: first!.email, name: 'Imported name', refs: [{ source: 'local' as const, id: 'imp-1' }] },
    { email: 'old@history.example', mqlAt: ago(20), refs: [] },
    { email: 'none@history.example', refs: [] },
  ] satisfies Lead[],
  touchpoints: [
    sampleTouch,
    touch('imp-t1', first!.email, ago(3)),
    touch('imp-t2', 'old@history.example', ago(400)),
  ],
  campaigns: [{ ...ads, source: 'local' as const }],
};
const hubspotLead: Lead = {
  email: 'hub@spot.example',
  name: 'Hub Spot',
  mqlAt: ago(10),
  refs: [{ source: 'hubspot', id: '901' }],
};
const hubspotTouches: Touchpoint[] = [
  touch('h1', hubspotLead.email, ago(12), { source: 'hubspot', kind: 'email_sent' }),
  touch('h2', hubspotLead.email, ago(12), { source: 'hubspot', kind: 'email_open' }), // a scanner's open
  touch('h3', hubspotLead.email, ago(11), { source: 'hubspot', kind: 'form_submit' }),
];
const recorded = {
  firstTouch: 'cmp-recorded',
  lastTouch: 'cmp-recorded',
  touches: [{ campaignId: 'cmp-recorded', name: 'Recorded campaign', count: 1 }],
};

function fixtureOutcomes(): Outcome[] {
  const kinds = ['meeting_booked', 'qualified', 'won', 'not_a_fit', 'bad_timing', 'lost', 'no_response'];
  const list = sample.leads.slice(0, 60).map((lead, i) => {
    const kind = kinds[i % kinds.length]!;
    return outcome(lead.email, kind, ago(1 + ((i * 7) % 120)), {
      ...(kind === 'won' ? { amount: 1000 * (i + 1), currency: 'USD' } : {}),
      ...(kind === 'not_a_fit' || kind === 'lost' ? { reason: `Reason ${i % 3}` } : {}),
    });
  });
  const corrected = outcome(second!.email, 'won', ago(30), { amount: 500, currency: 'USD' });
  list.push(
    corrected,
    outcome(second!.email, 'lost', ago(29), { supersedes: corrected.id, reason: 'Typo' }),
    outcome(third!.email, 'meeting_booked', ago(2), { delivery: 'discarded' }),
    outcome(third!.email, 'qualified', ago(2), { delivery: 'undone' }),
    outcome(first!.email, 'meeting_booked', ago(400)),
    outcome('old@history.example', 'won', ago(5), { amount: 700, currency: 'USD', attribution: recorded }),
    outcome('none@history.example', 'won', ago(6), { amount: 300, currency: 'USD', attribution: recorded }),
    outcome(hubspotLead.email, 'meeting_booked', ago(9), { target: 'hubspot', delivery: 'delivered' }),
  );
  return list;
}
const outcomes = fixtureOutcomes();

async function buildFixtureDb(): Promise<DB> {
  const db = await freshDb();
  await replaceWorkspace(db, 'sample', sample);
  await replaceWorkspace(db, 'imported', imported);
  await db.put('cache', {
    source: 'hubspot',
    email: hubspotLead.email,
    lead: hubspotLead,
    touchpoints: hubspotTouches,
    fetchedAt: NOW.toISOString(),
  });
  await db.put('cache', {
    source: 'hubspot',
    email: 'unknown@x.example',
    lead: null,
    touchpoints: [],
    fetchedAt: NOW.toISOString(),
  });
  for (const o of outcomes) await putOutcome(db, o);
  return db;
}

// Writing 15,000 touchpoints into fake-indexeddb is slow: tests that only read share one database.
let shared: Promise<DB> | undefined;
const fixtureDb = () => (shared ??= buildFixtureDb());

/** Everything, merged as the sidebar merges it: what the loaded subset must agree with. */
function allData(sources: readonly SourceId[] = ['local', 'hubspot']) {
  const parts = new Map<string, { source: SourceId; lead: Lead }[]>();
  const add = (source: SourceId, lead: Lead) =>
    parts.set(lead.email, [...(parts.get(lead.email) ?? []), { source, lead }]);
  const touchpoints: Touchpoint[] = [];
  const seen = new Set<string>();
  const addTouch = (t: Touchpoint) => {
    const key = `${t.source}:${t.id}:${t.leadEmail}`;
    if (!seen.has(key)) touchpoints.push(t);
    seen.add(key);
  };
  if (sources.includes('local')) {
    imported.leads.forEach((lead) => add('local', lead));
    sample.leads.forEach((lead) => add('local', lead));
    [...sample.touchpoints, ...imported.touchpoints].forEach(addTouch);
  }
  if (sources.includes('hubspot')) {
    add('hubspot', hubspotLead);
    hubspotTouches.forEach(addTouch);
  }
  return {
    leads: [...parts].map(([email, list]) => mergeLeads(email, list)!),
    touchpoints: markMachineActivity(touchpoints),
    outcomes: outcomes.filter((o) => o.delivery !== 'discarded' && o.delivery !== 'undone'),
  };
}

const sla = {
  hours: 24,
  businessHoursOnly: false,
  businessDays: [1, 2, 3, 4, 5],
  dayStartHour: 9,
  dayEndHour: 17,
  timeZone: 'UTC',
};
const report = (
  data: Pick<ReturnType<typeof allData>, 'leads' | 'touchpoints' | 'outcomes'>,
  from: Date,
  model: AttributionModel,
  windowDays: number,
) =>
  computeReport({
    ...data,
    outcomeTypes: DEFAULT_OUTCOMES,
    sla,
    range: { from, to: NOW },
    model,
    now: NOW,
    windowDays,
  });

describe('loadReportData', () => {
  it.each<[string, LoadStrategy, AttributionModel, number, number]>([
    ['7 days, 7-day window', 'by-lead', 'first', 7, 7],
    ['7 days, 7-day window', 'scan', 'linear', 7, 7],
    ['30 days, 30-day window', 'by-lead', 'last', 30, 30],
    ['90 days, 180-day window', 'scan', 'first', 90, 180],
    ['90 days, 180-day window', 'by-lead', 'linear', 90, 180],
    ['1 day, 1-day window', 'scan', 'last', 1, 1],
  ])(
    'gives computeReport what all the data gives it: %s, %s, %s touch',
    async (_name, strategy, model, days, windowDays) => {
      const db = await fixtureDb();
      const from = new Date(NOW.getTime() - days * DAY);
      const loaded = await loadReportData(db, { range: { from, to: NOW }, windowDays, strategy });
      expect(loaded.strategy).toBe(strategy);
      expect(report(loaded, from, model, windowDays)).toEqual(report(allData(), from, model, windowDays));
      // It is a subset: far fewer touchpoints than stored for a short window.
      if (days <= 7) expect(loaded.touchpoints.length).toBeLessThan(sample.touchpoints.length / 4);
    },
  );

  it('both strategies read the same data', async () => {
    const db = await fixtureDb();
    const range = { from: new Date(NOW.getTime() - 30 * DAY), to: NOW };
    const byLead = await loadReportData(db, { range, windowDays: 60, strategy: 'by-lead' });
    const scan = await loadReportData(db, { range, windowDays: 60, strategy: 'scan' });
    // History markers may be different touchpoints of the same lead; either does the job.
    const key = (t: Touchpoint) =>
      t.campaign ? `${t.source}:${t.id}:${t.leadEmail}:${t.campaign.id}` : `${t.leadEmail}: marker`;
    expect(scan.touchpoints.map(key).sort()).toEqual(byLead.touchpoints.map(key).sort());
    expect(scan.outcomes).toEqual(byLead.outcomes);
    expect(scan.leads).toEqual(byLead.leads);
  });

  it('keeps the history marker: an old history credits "no campaign", no history the recorded campaign', async () => {
    const db = await fixtureDb();
    const from = new Date(NOW.getTime() - 30 * DAY);
    const loaded = await loadReportData(db, { range: { from, to: NOW }, windowDays: 30 });
    const marker = loaded.touchpoints.find((t) => t.leadEmail === 'old@history.example');
    expect(marker).toMatchObject({ id: 'imp-t2' });
    expect(marker?.campaign).toBeUndefined();
    expect(loaded.touchpoints.some((t) => t.leadEmail === 'none@history.example')).toBe(false);

    const { campaigns } = report(loaded, from, 'first', 30);
    expect(campaigns.find((row) => row.campaignId === 'cmp-recorded')?.revenue).toBe(300);
    expect(campaigns.find((row) => row.campaignId === NO_CAMPAIGN_ID)?.revenue).toBeGreaterThanOrEqual(700);
  });

  it('reads outcomes from the range on, without undone ones, and counts unreadable rows', async () => {
    const db = await freshDb();
    for (const o of outcomes) await putOutcome(db, o);
    await db.put('outcomes', {
      id: 'not-a-uuid',
      leadEmail: 'x@y.example',
      createdAt: ago(1),
    } as unknown as Outcome);
    const from = new Date(NOW.getTime() - 30 * DAY);
    const loaded = await loadReportData(db, { range: { from, to: NOW } });
    expect(loaded.skipped).toBe(1);
    expect(loaded.outcomes.some((o) => o.delivery === 'discarded' || o.delivery === 'undone')).toBe(false);
    expect(loaded.outcomes.every((o) => Date.parse(o.createdAt) >= from.getTime() - DAY)).toBe(true);
    const expected = outcomes.filter(
      (o) =>
        o.delivery !== 'discarded' && o.delivery !== 'undone' && Date.parse(o.createdAt) >= from.getTime(),
    );
    expect(loaded.outcomes.length).toBeGreaterThanOrEqual(expected.length);
    // All ever recorded, less the undone and the discarded one; the unreadable row counts as recorded.
    expect(loaded.outcomesEver).toBe(outcomes.length - 2 + 1);
  });

  it('returns only leads with an MQL date near the range, merged across sources', async () => {
    const db = await fixtureDb();
    const from = new Date(NOW.getTime() - 30 * DAY);
    const loaded = await loadReportData(db, { range: { from, to: NOW } });
    expect(loaded.leads.length).toBeGreaterThan(0);
    for (const lead of loaded.leads) {
      expect(Date.parse(lead.mqlAt!)).toBeGreaterThanOrEqual(from.getTime() - DAY);
    }
    expect(loaded.leads.map((l) => l.email)).toContain(hubspotLead.email);
    expect(loaded.knownLeads).toBe(sample.leads.length + 2 + 1);
  });

  it('reads only the sources asked for', async () => {
    const db = await fixtureDb();
    const range = { from: new Date(NOW.getTime() - 30 * DAY), to: NOW };
    const hubspot = await loadReportData(db, { range, sources: ['hubspot'] });
    expect(new Set(hubspot.touchpoints.map((t) => t.source))).toEqual(new Set(['hubspot']));
    // The scanner's open right after the send is machine activity and left out.
    expect(hubspot.touchpoints.map((t) => t.id)).toEqual(['h3']);
    expect(hubspot.leads.map((l) => l.email)).toEqual([hubspotLead.email]);
    expect(hubspot.knownLeads).toBe(1);
    expect(hubspot.sampleLeads).toBe(0);

    const local = await loadReportData(db, { range, sources: ['local'] });
    expect(local.sampleLeads).toBe(sample.leads.length);
    expect(local.touchpoints.some((t) => t.source === 'hubspot')).toBe(false);
    expect(local.touchpoints.length).toBeGreaterThan(0);
    const from = range.from;
    expect(report(local, from, 'first', 180)).toEqual(report(allData(['local']), from, 'first', 180));
  });

  it('picks the strategy by cost: short spans by lead, long ones by a scan', async () => {
    const db = await fixtureDb();
    const week = await loadReportData(db, {
      range: { from: new Date(NOW.getTime() - 3 * DAY), to: NOW },
      windowDays: 3,
    });
    expect(week.strategy).toBe('by-lead');
    const quarter = await loadReportData(db, {
      range: { from: new Date(NOW.getTime() - 90 * DAY), to: NOW },
      windowDays: 180,
    });
    expect(quarter.strategy).toBe('scan');
  });

  it('is empty, not broken, on an empty database', async () => {
    const db = await freshDb();
    const loaded = await loadReportData(db, { range: { from: new Date(NOW.getTime() - 30 * DAY), to: NOW } });
    expect(loaded).toEqual({
      leads: [],
      touchpoints: [],
      outcomes: [],
      strategy: 'by-lead',
      skipped: 0,
      knownLeads: 0,
      outcomesEver: 0,
      sampleLeads: 0,
    });
  });
});

describe('chooseStrategy', () => {
  it.each<[string, Parameters<typeof chooseStrategy>[0], LoadStrategy]>([
    ['nothing stored', { leads: 0, touchpoints: 0, sampledLeads: 0, sampleInSpan: 0 }, 'by-lead'],
    [
      'a week of a long history',
      { leads: 10_000, touchpoints: 2_000_000, sampledLeads: 24, sampleInSpan: 48 },
      'by-lead',
    ],
    [
      'the span covers everything',
      { leads: 10_000, touchpoints: 2_000_000, sampledLeads: 24, sampleInSpan: 4_800 },
      'scan',
    ],
    [
      'few touches per lead',
      { leads: 100_000, touchpoints: 300_000, sampledLeads: 24, sampleInSpan: 10 },
      'scan',
    ],
    [
      'no sample: the average decides',
      { leads: 100, touchpoints: 100_000, sampledLeads: 0, sampleInSpan: 0 },
      'scan',
    ],
  ])('%s', (_name, counts, expected) => {
    expect(chooseStrategy(counts)).toBe(expected);
  });

  it('tips over where the two costs meet', () => {
    // 1,000 leads, reading k each by lead against 100,000 records in 20 batches.
    const scanCost = 100_000 + 20 * REQUEST_COST;
    const even = scanCost / 1_000 - REQUEST_COST;
    const at = (perLead: number) =>
      chooseStrategy({ leads: 1_000, touchpoints: 100_000, sampledLeads: 10, sampleInSpan: perLead * 10 });
    expect(at(even)).toBe('by-lead');
    expect(at(even + 1)).toBe('scan');
  });
});

describe('mergeOutcomes', () => {
  it('keeps one copy per id, this browser’s first, and drops undone ones', () => {
    const mine = outcome('a@x.example', 'meeting_booked', ago(1), { delivery: 'delivered' });
    const undone = outcome('b@x.example', 'won', ago(1), { delivery: 'discarded', amount: 1 });
    const theirs = outcome('c@x.example', 'qualified', ago(2), { by: 'Colleague' });
    const merged = mergeOutcomes([mine, undone], [{ ...mine, delivery: 'pending' }, undone, theirs]);
    expect(merged).toEqual([mine, theirs]);
  });
});

describe('ReportSettings', () => {
  it('parses the masked settings the background hands to pages', () => {
    const settings = defaultSettings();
    settings.sources.rest = {
      ...settings.sources.rest,
      enabled: true,
      baseUrl: 'https://api.example.com',
      authValue: 'secret-token',
    };
    const parsed = ReportSettings.parse(maskedSettings(settings));
    expect(parsed.outcomes).toEqual(DEFAULT_OUTCOMES);
    expect(parsed.historyDays).toBe(180);
    expect(enabledSources(parsed)).toEqual(['local', 'rest']);
    expect(JSON.stringify(parsed)).not.toContain('secret-token');
  });

  it('rejects settings without an outcome list', () => {
    expect(ReportSettings.safeParse({ ...maskedSettings(defaultSettings()), outcomes: [] }).success).toBe(
      false,
    );
  });
});
