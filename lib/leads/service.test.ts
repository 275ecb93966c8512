import { describe, expect, it, vi } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../test/fake-platform';
import { fakeHubSpotSettings, fakeMarketoSettings } from '../../test/fake-platform/settings';
import { createManualClock } from '../connectors/clock';
import { createHubSpotConnector } from '../connectors/hubspot';
import { createMarketoConnector } from '../connectors/marketo';
import { noWaitLimiter } from '../connectors/test-secrets';
import { ConnectorError, type Connector, type HistoryOptions } from '../connectors/types';
import type { Lead, Touchpoint } from '../model';
import { defaultSettings, type Settings } from '../settings/schema';
import { openLooplineDB } from '../store/db';
import { replaceWorkspace } from '../store/workspace';
import { createLeadService } from './service';

const NOW = new Date('2026-06-01T12:00:00.000Z');
let dbCount = 0;
const freshDb = () => openLooplineDB(`svc-test-${++dbCount}`);

const lead = (email: string, extra: Partial<Lead> = {}): Lead => ({ email, refs: [], ...extra });
const touch = (
  id: string,
  email: string,
  at: string,
  source: Touchpoint['source'] = 'hubspot',
): Touchpoint => ({
  id,
  leadEmail: email,
  occurredAt: at,
  kind: 'email_open',
  title: 'Opened newsletter',
  source,
});

function hubspotOnly(): Settings {
  const settings = defaultSettings();
  settings.sources.local.enabled = false;
  settings.sources.hubspot.enabled = true;
  settings.sources.hubspot.ttlMinutes = 15;
  return settings;
}

function fakeConnector(known: Record<string, Lead>, tps: Touchpoint[] = []) {
  const connector = {
    id: 'hubspot' as const,
    lookup: vi.fn(async (email: string) => known[email] ?? null),
    history: vi.fn(async (l: Lead) => tps.filter((t) => t.leadEmail === l.email)),
    writeOutcome: vi.fn(),
    test: vi.fn(),
  };
  return connector satisfies Connector;
}

describe('lead service', () => {
  it('says no_source when nothing is enabled', async () => {
    const settings = defaultSettings();
    settings.sources.local.enabled = false;
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => settings,
      connectorFor: vi.fn(),
      now: () => NOW,
    });
    expect((await service.get('a@b.co')).status).toBe('no_source');
  });

  it('finds a lead in the local workspace, newest touchpoint first, marked as sample', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', {
      leads: [lead('ada@northwind-example.com', { name: 'Ada' })],
      touchpoints: [
        touch('1', 'ada@northwind-example.com', '2026-05-01T00:00:00.000Z', 'local'),
        touch('2', 'ada@northwind-example.com', '2026-05-20T00:00:00.000Z', 'local'),
        touch('3', 'someone@else.co', '2026-05-21T00:00:00.000Z', 'local'),
      ],
      campaigns: [],
    });
    const service = createLeadService({
      db,
      settings: async () => defaultSettings(),
      connectorFor: vi.fn(),
      now: () => NOW,
    });
    const view = await service.get('ada@northwind-example.com');
    expect(view.status).toBe('found');
    expect(view.sample).toBe(true);
    expect(view.lead?.name).toBe('Ada');
    expect(view.touchpoints.map((t) => t.id)).toEqual(['2', '1']);
    expect((await service.get('nobody@else.co')).status).toBe('not_found');
  });

  it('shares one platform lookup between five concurrent asks and serves the TTL from cache', async () => {
    const connector = fakeConnector({ 'a@b.co': lead('a@b.co', { name: 'A' }) });
    const settings = hubspotOnly();
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => settings,
      connectorFor: () => connector,
      now: () => NOW,
    });
    const views = await Promise.all(Array.from({ length: 5 }, () => service.get('a@b.co')));
    expect(views.every((v) => v.lead?.name === 'A')).toBe(true);
    await service.get('a@b.co');
    expect(connector.lookup).toHaveBeenCalledTimes(1);
  });

  it('answers a stale cache at once, then delivers the refreshed view', async () => {
    let clock = NOW.getTime();
    const known = { 'a@b.co': lead('a@b.co', { name: 'Old name' }) };
    const connector = fakeConnector(known);
    const updates: string[] = [];
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => new Date(clock),
      onUpdate: (view) => updates.push(view.lead?.name ?? ''),
    });
    await service.get('a@b.co');
    known['a@b.co'] = lead('a@b.co', { name: 'New name' });
    clock += 16 * 60_000;
    const stale = await service.get('a@b.co');
    expect(stale.lead?.name).toBe('Old name');
    expect(stale.sources[0]?.state).toBe('refreshing');
    await service.idle();
    await vi.waitFor(() => expect(updates).toEqual(['New name']));
  });

  it('keeps the last good data when a refresh fails, and names the error', async () => {
    let clock = NOW.getTime();
    const connector = fakeConnector({ 'a@b.co': lead('a@b.co', { name: 'Good' }) });
    const updates: { name?: string; state?: string; message?: string }[] = [];
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => new Date(clock),
      onUpdate: (view) =>
        updates.push({
          name: view.lead?.name,
          state: view.sources[0]?.state,
          message: view.sources[0]?.error?.message,
        }),
    });
    await service.get('a@b.co');
    connector.lookup.mockRejectedValueOnce(
      new ConnectorError('hubspot', 'malformed', 'HubSpot contact: properties.email: expected string'),
    );
    clock += 60 * 60_000;
    await service.get('a@b.co');
    await service.idle();
    await vi.waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toEqual({
      name: 'Good',
      state: 'error',
      message: 'HubSpot contact: properties.email: expected string',
    });
    const again = await service.get('a@b.co', { refresh: false });
    expect(again.lead?.name).toBe('Good');
  });

  it('reports an error state when a source fails with nothing cached', async () => {
    const connector = fakeConnector({});
    connector.lookup.mockRejectedValue(
      new ConnectorError('hubspot', 'auth', 'HubSpot rejected the token (401).'),
    );
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => NOW,
    });
    const view = await service.get('a@b.co');
    expect(view.status).toBe('error');
    expect(view.sources[0]).toMatchObject({ state: 'error', error: { kind: 'auth' } });
  });

  it('merges two sources, each touchpoint keeping its source', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'imported', {
      leads: [lead('a@b.co', { company: 'Local Co', score: 10 })],
      touchpoints: [touch('l1', 'a@b.co', '2026-05-02T00:00:00.000Z', 'local')],
      campaigns: [],
    });
    const connector = fakeConnector({ 'a@b.co': lead('a@b.co', { name: 'From HubSpot', score: 55 }) }, [
      touch('h1', 'a@b.co', '2026-05-03T00:00:00.000Z'),
    ]);
    const settings = hubspotOnly();
    settings.sources.local.enabled = true;
    const service = createLeadService({
      db,
      settings: async () => settings,
      connectorFor: () => connector,
      now: () => NOW,
    });
    const view = await service.get('a@b.co');
    expect(view.lead).toMatchObject({ name: 'From HubSpot', company: 'Local Co', score: 55 });
    expect(view.touchpoints.map((t) => `${t.source}:${t.id}`)).toEqual(['hubspot:h1', 'local:l1']);
  });

  it('asks a throttled source again after its pause and delivers the data', async () => {
    const connector = fakeConnector({ 'a@b.co': lead('a@b.co', { name: 'After the pause' }) });
    connector.lookup.mockRejectedValueOnce(
      new ConnectorError('hubspot', 'rate_limited', 'HubSpot throttled (TEN_SECONDLY_ROLLING).', 10_000),
    );
    const waits: number[] = [];
    const updates: LeadViewLike[] = [];
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => NOW,
      sleep: async (ms) => void waits.push(ms),
      onUpdate: (view) => updates.push({ status: view.status, name: view.lead?.name }),
    });
    const first = await service.get('a@b.co');
    expect(first.status).toBe('error');
    await vi.waitFor(() => expect(updates).toEqual([{ status: 'found', name: 'After the pause' }]));
    expect(waits).toEqual([10_000]);
    expect(connector.lookup).toHaveBeenCalledTimes(2);
  });

  it('a Marketo 606 on the lookup: waits out Marketo’s 20 s window, asks once more, and delivers the lead with its history', async () => {
    // The real connector on the fake platform, on one manual clock: the service's pause and the
    // connector's own limiter (which a 606 pauses too) run on it, so nothing waits for real.
    const clock = createManualClock(NOW.getTime());
    const platform = createFakePlatform({ clock });
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', kind: 'rate_limit', times: 1 });
    const settings = defaultSettings();
    settings.sources.local.enabled = false;
    settings.sources.marketo = fakeMarketoSettings(platform);
    const waits: number[] = [];
    const updates: LeadViewLike[] = [];
    let last: Awaited<ReturnType<ReturnType<typeof createLeadService>['get']>> | undefined;
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => settings,
      connectorFor: (_source, s) =>
        createMarketoConnector({
          settings: s.sources.marketo,
          fetch: asFetch(platform),
          clock,
          timeoutMs: 10_000,
        }),
      now: () => new Date(clock.now()),
      sleep: async (ms) => {
        waits.push(ms);
        await clock.advance(ms);
      },
      onUpdate: (view) => {
        last = view;
        updates.push({ status: view.status, name: view.lead?.name });
      },
    });

    const first = await service.get(SEED_EMAILS.mql);
    expect(first.status).toBe('error');
    expect(first.sources[0]?.error?.message).toMatch(/100 calls in 20 seconds/);
    await vi.waitFor(() => expect(updates).toEqual([{ status: 'found', name: 'Ava Chen' }]));
    expect(waits).toEqual([20_000]);
    expect(last?.touchpoints.map((t) => t.title)).toEqual(
      expect.arrayContaining(['Filled out “Demo request”', 'Q1 Automation Webinar: Attended']),
    );
    const tries = platform.requestsTo('marketo', '/rest/v1/leads.json');
    expect(tries.map((r) => r.fault ?? 'ok')).toEqual(['rate_limit', 'ok']);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(20_000);
  });

  it('gives up on a platform that keeps throttling after a bounded number of retries', async () => {
    const connector = fakeConnector({});
    connector.lookup.mockRejectedValue(new ConnectorError('hubspot', 'rate_limited', 'throttled', 1_000));
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => NOW,
      sleep: async () => {},
    });
    await service.get('a@b.co');
    await vi.waitFor(() => expect(connector.lookup).toHaveBeenCalledTimes(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(connector.lookup).toHaveBeenCalledTimes(3);
  });

  it('does not claim "not in your data" while a source that might know the lead failed', async () => {
    const db = await freshDb();
    const connector = fakeConnector({});
    connector.lookup.mockRejectedValue(new ConnectorError('hubspot', 'network', 'offline'));
    const settings = hubspotOnly();
    settings.sources.local.enabled = true;
    const service = createLeadService({
      db,
      settings: async () => settings,
      connectorFor: () => connector,
      now: () => NOW,
    });
    expect((await service.get('nobody@b.co')).status).toBe('error');
  });
});

describe('lead service: a source that delivers part of a lead', () => {
  it('shows the lead and its touchpoints, naming the part that is missing, and keeps it in the cache', async () => {
    const db = await freshDb();
    const connector = fakeConnector({ 'a@b.co': lead('a@b.co', { name: 'Partly known' }) }, [
      touch('h1', 'a@b.co', '2026-05-03T00:00:00.000Z'),
    ]);
    connector.history.mockImplementation(async (l: Lead, options?: HistoryOptions) => {
      options?.onUnavailable?.({
        part: 'list memberships',
        kind: 'server',
        message: 'HubSpot had a server error (500)',
      });
      options?.onUnavailable?.({ part: 'list memberships', kind: 'server', message: 'again' });
      return [touch('h1', l.email, '2026-05-03T00:00:00.000Z')];
    });
    const service = createLeadService({
      db,
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => NOW,
    });
    const view = await service.get('a@b.co');
    expect(view.status).toBe('found');
    expect(view.lead?.name).toBe('Partly known');
    expect(view.touchpoints.map((t) => t.id)).toEqual(['h1']);
    expect(view.sources).toEqual([
      {
        source: 'hubspot',
        label: 'HubSpot',
        state: 'fresh',
        fetchedAt: NOW.toISOString(),
        unavailable: ['list memberships'],
      },
    ]);

    // Served from the cache by a new worker: still marked partial.
    const later = createLeadService({
      db,
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => NOW,
    });
    expect((await later.get('a@b.co')).sources[0]?.unavailable).toEqual(['list memberships']);
    expect(connector.lookup).toHaveBeenCalledTimes(1);
  });

  it('a complete answer clears the mark', async () => {
    let clock = NOW.getTime();
    const connector = fakeConnector({ 'a@b.co': lead('a@b.co') });
    connector.history.mockImplementationOnce(async (_l: Lead, options?: HistoryOptions) => {
      options?.onUnavailable?.({ part: 'program memberships', kind: 'server', message: '611' });
      return [];
    });
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => hubspotOnly(),
      connectorFor: () => connector,
      now: () => new Date(clock),
    });
    expect((await service.get('a@b.co')).sources[0]?.unavailable).toEqual(['program memberships']);
    clock += 16 * 60_000;
    await service.get('a@b.co');
    await service.idle();
    expect((await service.get('a@b.co')).sources[0]?.unavailable).toBeUndefined();
  });

  it('with the HubSpot connector: a failed list membership call does not blank the lead', async () => {
    const clock = createManualClock(NOW.getTime());
    const platform = createFakePlatform({ clock });
    platform.fault({ host: 'hubspot', path: /\/memberships$/, kind: 'server_error', status: 503 });
    const settings = hubspotOnly();
    settings.sources.hubspot = fakeHubSpotSettings(platform, { portalId: '1' });
    const service = createLeadService({
      db: await freshDb(),
      settings: async () => settings,
      connectorFor: (_source, s) =>
        createHubSpotConnector({
          settings: s.sources.hubspot,
          fetch: asFetch(platform),
          clock,
          limiter: noWaitLimiter(),
        }),
      now: () => NOW,
    });
    const view = await service.get(SEED_EMAILS.mql);
    expect(view.status).toBe('found');
    expect(view.lead?.name).toBe('Ava Chen');
    expect(view.touchpoints.some((t) => t.kind === 'email_open')).toBe(true);
    expect(view.touchpoints.some((t) => t.kind === 'list_added')).toBe(false);
    expect(view.sources[0]).toMatchObject({ state: 'fresh', unavailable: ['list memberships'] });
    expect(view.sources[0]?.error).toBeUndefined();
  });
});

interface LeadViewLike {
  status: string;
  name?: string;
}
