import { describe, expect, it } from 'vitest';
import { Campaign, Lead, Touchpoint } from '../model';
import { SlaSettings } from '../settings/schema';
import { isHumanEngagement } from '../insights/kinds';
import { markMachineActivity } from '../insights/machine';
import { engagementScore } from '../insights/score';
import { computeSignals } from '../insights/signals';
import { slaClock } from '../insights/sla';
import { generateSampleWorkspace, SAMPLE_LEADS, SAMPLE_SOURCE_LABEL, sampleLeadsFor } from './generate';
import { createRng, mulberry32 } from './prng';

const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 86_400_000;
const workspace = generateSampleWorkspace({ now: NOW });

describe('mulberry32', () => {
  it('is deterministic and spread over [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Each tenth of the range gets roughly a tenth of the draws.
    const buckets = Array.from(
      { length: 10 },
      (_, i) => values.filter((v) => Math.floor(v * 10) === i).length,
    );
    for (const count of buckets) expect(count).toBeGreaterThan(60);
    expect(mulberry32(8)()).not.toBe(mulberry32(7)());
  });

  it('picks integers within bounds', () => {
    const rng = createRng(1);
    const ints = new Set(Array.from({ length: 500 }, () => rng.int(2, 4)));
    expect([...ints].sort()).toEqual([2, 3, 4]);
  });
});

describe('generateSampleWorkspace', () => {
  it('is the same for the same seed and now, and different for another seed', () => {
    expect(generateSampleWorkspace({ now: NOW })).toEqual(workspace);
    const other = generateSampleWorkspace({ seed: 7, now: NOW });
    expect(other.leads.map((l) => l.email)).not.toEqual(workspace.leads.map((l) => l.email));
  });

  it('places everything relative to now: a week later, the same data a week later', () => {
    const later = generateSampleWorkspace({ now: new Date(NOW.getTime() + 7 * DAY) });
    const shift = (iso: string | undefined) => iso && new Date(Date.parse(iso) + 7 * DAY).toISOString();
    expect(later.leads).toEqual(
      workspace.leads.map((lead) => ({ ...lead, mqlAt: shift(lead.mqlAt) })).map(dropUndefined),
    );
    expect(later.touchpoints).toEqual(
      workspace.touchpoints.map((t) => ({ ...t, occurredAt: shift(t.occurredAt) })),
    );
  });

  it('has the advertised size', () => {
    expect(workspace.leads).toHaveLength(300);
    expect(new Set(workspace.leads.map((l) => l.company)).size).toBe(40);
    expect(workspace.campaigns.length).toBeGreaterThanOrEqual(8);
    expect(workspace.campaigns.length).toBeLessThanOrEqual(10);
    expect(workspace.touchpoints.length).toBeGreaterThan(12_000);
    expect(workspace.touchpoints.length).toBeLessThan(18_000);
    expect(new Set(workspace.campaigns.map((c) => c.channel)).size).toBeGreaterThanOrEqual(7);
    expect(new Set(workspace.leads.map((l) => l.owner).filter(Boolean)).size).toBe(6);
  });

  it('produces only valid model objects from the local source', () => {
    for (const lead of workspace.leads) {
      expect(Lead.safeParse(lead).success, lead.email).toBe(true);
      expect(lead.refs).toEqual([expect.objectContaining({ source: 'local' })]);
    }
    for (const campaign of workspace.campaigns) {
      expect(Campaign.parse(campaign)).toEqual(campaign);
      expect(campaign.source).toBe('local');
    }
    for (const touchpoint of workspace.touchpoints) {
      const parsed = Touchpoint.safeParse(touchpoint);
      expect(parsed.success, touchpoint.id).toBe(true);
      // Parsing changes nothing: emails already lower-case, URLs already normalised.
      expect(parsed.data).toEqual(touchpoint);
      expect(touchpoint.source).toBe('local');
    }
  });

  it('keeps to fictional domains and https links on the fictional site', () => {
    const emails = workspace.leads.map((l) => l.email);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z._0-9]+@[a-z-]+-example\.com$/);
    for (const { url } of workspace.touchpoints) {
      if (url) expect(url).toMatch(/^https:\/\/www\.tidemark\.example\//);
    }
  });

  it('ties every touchpoint to a lead, within the last 180 days, with unique ids', () => {
    const emails = new Set(workspace.leads.map((l) => l.email));
    const ids = new Set<string>();
    for (const touchpoint of workspace.touchpoints) {
      expect(emails.has(touchpoint.leadEmail)).toBe(true);
      const at = Date.parse(touchpoint.occurredAt);
      expect(at).toBeLessThanOrEqual(NOW.getTime());
      expect(at).toBeGreaterThanOrEqual(NOW.getTime() - 180 * DAY);
      ids.add(touchpoint.id);
    }
    expect(ids.size).toBe(workspace.touchpoints.length);
  });

  it('covers every kind of touch the sidebar shows', () => {
    const kinds = new Set(workspace.touchpoints.map((t) => t.kind));
    for (const kind of [
      'email_sent',
      'email_open',
      'email_click',
      'page_view',
      'form_submit',
      'content_download',
      'webinar_registered',
      'webinar_attended',
      'event_attended',
      'ad_click',
    ] as const) {
      expect(kinds.has(kind), kind).toBe(true);
    }
    const paths = new Set(workspace.touchpoints.flatMap((t) => (t.url ? [new URL(t.url).pathname] : [])));
    expect(paths.has('/pricing')).toBe(true);
    expect([...paths].some((p) => p.startsWith('/docs/'))).toBe(true);
  });

  it('has MQL clocks running, overdue and long past', () => {
    const hoursAgo = workspace.leads.flatMap((l) =>
      l.mqlAt ? [(NOW.getTime() - Date.parse(l.mqlAt)) / 3_600_000] : [],
    );
    expect(hoursAgo.filter((h) => h < 24).length).toBeGreaterThanOrEqual(5);
    expect(hoursAgo.filter((h) => h >= 24 && h < 30 * 24).length).toBeGreaterThanOrEqual(10);
    expect(hoursAgo.filter((h) => h >= 30 * 24).length).toBeGreaterThanOrEqual(10);
    expect(new Set(workspace.leads.map((l) => l.lifecycleStage)).size).toBeGreaterThanOrEqual(5);
    for (const lead of workspace.leads) {
      expect(lead.score).toBeGreaterThanOrEqual(0);
      expect(lead.score30dAgo).toBeGreaterThanOrEqual(0);
    }
  });

  it('marks nothing as machine, but leaves about 8% of opens for detection to find', () => {
    expect(workspace.touchpoints.some((t) => t.machine !== undefined)).toBe(false);
    const opens = markMachineActivity(workspace.touchpoints).filter((t) => t.kind === 'email_open');
    const share = opens.filter((t) => t.machine).length / opens.length;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.14);
  });

  it('is labelled as sample data', () => {
    expect(SAMPLE_SOURCE_LABEL).toBe('Sample workspace');
  });
});

describe('SAMPLE_LEADS', () => {
  it('names three different leads of the default seed', () => {
    expect(SAMPLE_LEADS).toEqual(sampleLeadsFor(42));
    expect(new Set(Object.values(SAMPLE_LEADS)).size).toBe(3);
  });

  // Different days of the week and times of day, across a DST change and a year end.
  it.each(['2026-03-10T12:00:00Z', '2026-07-04T02:10:00Z', '2026-11-01T06:30:00Z', '2027-01-01T23:59:59Z'])(
    'are hot, overdue and quiet at %s',
    (iso) => {
      const now = new Date(iso);
      const { leads, touchpoints } = generateSampleWorkspace({ now });
      const of = (email: string) => touchpoints.filter((t) => t.leadEmail === email);
      const lead = (email: string) => leads.find((l) => l.email === email);

      const hot = of(SAMPLE_LEADS.hot);
      expect(engagementScore(hot, now).label).toBe('hot');
      expect(computeSignals(hot, { now }).map((s) => s.id)).toEqual(
        expect.arrayContaining(['pricing-pages', 'intent-form']),
      );

      const overdue = lead(SAMPLE_LEADS.overdue);
      expect(slaClock({ mqlAt: overdue?.mqlAt, now, sla: SlaSettings.parse({}) }).kind).toBe('overdue');
      const businessHours = SlaSettings.parse({ businessHoursOnly: true, timeZone: 'America/New_York' });
      expect(slaClock({ mqlAt: overdue?.mqlAt, now, sla: businessHours }).kind).toBe('overdue');

      const quiet = of(SAMPLE_LEADS.quiet);
      expect(lead(SAMPLE_LEADS.quiet)).toBeDefined();
      expect(engagementScore(quiet, now).label).toBe('cold');
      expect(computeSignals(quiet, { now })).toEqual([]);
      const recent = markMachineActivity(quiet).filter(
        (t) => isHumanEngagement(t) && Date.parse(t.occurredAt) > now.getTime() - 90 * DAY,
      );
      expect(recent).toEqual([]);
    },
  );
});

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
