// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../test/fake-platform';
import { fakeSettings } from '../../test/fake-platform/settings';
import { createConnector } from '../connectors';
import { createManualClock } from '../connectors/clock';
import { createLocalConnector } from '../connectors/local';
import { ConnectorError, MAX_NAME_MATCHES, type Connector, type NameMatch } from '../connectors/types';
import type { SourceId } from '../model';
import { defaultSettings, type Settings } from '../settings/schema';
import { openLooplineDB } from '../store/db';
import { replaceWorkspace } from '../store/workspace';
import {
  findPeopleByName,
  InvalidNameError,
  lookupName,
  MAX_LOOKUP_NAME,
  type NameLookupDeps,
} from './name-lookup';
import { sourcePermitted } from './sources';

/** Settings with HubSpot and the REST backend configured and on, and the local workspace on. */
function configured(): Settings {
  const settings = defaultSettings();
  settings.sources.hubspot = { ...settings.sources.hubspot, enabled: true, token: 'pat-x' };
  settings.sources.rest = { ...settings.sources.rest, enabled: true, baseUrl: 'https://api.acme.example' };
  settings.sources.local = { ...settings.sources.local, enabled: true };
  return settings;
}

type Answer = NameMatch[] | Error | 'hang';

/** A connector that answers findByName as told (or has none: `null`). */
function fakeConnector(source: SourceId, answer: Answer | null, calls: string[]): Connector {
  const base = {
    id: source,
    lookup: () => Promise.resolve(null),
    history: () => Promise.resolve([]),
    writeOutcome: () => Promise.resolve({ receipt: 'x' }),
    test: () => Promise.resolve({ ok: true as const, value: { detail: 'ok' } }),
  };
  if (answer === null) return base;
  return {
    ...base,
    findByName(name: string) {
      calls.push(`${source}:${name}`);
      if (answer === 'hang') return new Promise<NameMatch[]>(() => {});
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

function deps(
  answers: Partial<Record<SourceId, Answer | null>>,
  options: { settings?: Settings; permitted?: SourceId[]; isTeam?: (email: string) => boolean } = {},
) {
  const calls: string[] = [];
  const connectorFor = vi.fn((source: SourceId) =>
    fakeConnector(source, source in answers ? answers[source]! : [], calls),
  );
  const permitted = vi.fn((source: SourceId) => Promise.resolve(options.permitted?.includes(source) ?? true));
  const d: NameLookupDeps = {
    settings: () => Promise.resolve(options.settings ?? configured()),
    connectorFor,
    permitted,
    isTeam: options.isTeam ?? (() => false),
    timeoutMs: 50,
  };
  return { d, calls, connectorFor, permitted };
}

const m = (source: SourceId, email: string, extra: Partial<NameMatch> = {}): NameMatch => ({
  email,
  name: 'Jane Doe',
  source,
  ...extra,
});

describe('lookupName', () => {
  it('collapses and trims spaces', () => {
    expect(lookupName('  Jane \n  Doe\t')).toBe('Jane Doe');
  });

  it('refuses an empty or overlong name with a clear error', () => {
    expect(() => lookupName('   ')).toThrow(InvalidNameError);
    expect(() => lookupName('   ')).toThrow(/empty/);
    expect(() => lookupName('x'.repeat(MAX_LOOKUP_NAME + 1))).toThrow(/at most 200 characters/);
    expect(lookupName('x'.repeat(MAX_LOOKUP_NAME))).toHaveLength(MAX_LOOKUP_NAME);
  });
});

describe('findPeopleByName', () => {
  it('asks every source that can search names, in parallel, with the cleaned name', async () => {
    const { d, calls } = deps({
      hubspot: [m('hubspot', 'jane@acme.example', { company: 'Acme' })],
      rest: [m('rest', 'jd@globex.example')],
      local: [m('local', 'j.doe@initech.example')],
    });
    const result = await findPeopleByName('  Jane   Doe ', d);
    expect(calls.sort()).toEqual(['hubspot:Jane Doe', 'local:Jane Doe', 'rest:Jane Doe']);
    expect(result.failed).toEqual([]);
    expect(result.matches.map((x) => [x.email, x.source])).toEqual([
      ['jane@acme.example', 'hubspot'],
      ['jd@globex.example', 'rest'],
      ['j.doe@initech.example', 'local'],
    ]);
  });

  it('merges an address several sources know, the higher-priority source first, gaps filled', async () => {
    const { d } = deps({
      local: [m('local', 'jane@acme.example', { name: 'Jane M. Doe', company: 'Acme Local', title: 'CTO' })],
      rest: [m('rest', 'JANE@ACME.EXAMPLE', { name: 'J. Doe', company: 'Acme Rest' })],
      hubspot: [m('hubspot', 'Jane@Acme.example ', { name: 'Jane Doe' })],
    });
    const { matches } = await findPeopleByName('Jane Doe', d);
    expect(matches).toEqual([
      {
        email: 'jane@acme.example',
        name: 'Jane Doe',
        company: 'Acme Rest',
        title: 'CTO',
        source: 'hubspot',
        sources: ['hubspot', 'rest', 'local'],
      },
    ]);
  });

  it('names a source that failed and still offers the others', async () => {
    const { d } = deps({
      hubspot: new ConnectorError('hubspot', 'scope', 'HubSpot: the private app lacks a scope.'),
      rest: [m('rest', 'jd@globex.example')],
      local: new Error('boom'),
    });
    const result = await findPeopleByName('Jane Doe', d);
    expect(result.matches.map((x) => x.email)).toEqual(['jd@globex.example']);
    expect(result.failed).toEqual([
      {
        source: 'hubspot',
        message: 'HubSpot could not be searched: HubSpot: the private app lacks a scope.',
      },
      { source: 'local', message: 'Local workspace could not be searched: an unexpected error' },
    ]);
  });

  it('counts a source that does not answer in time as failed, without waiting for it', async () => {
    const { d } = deps({ hubspot: 'hang', rest: [m('rest', 'jd@globex.example')] });
    const result = await findPeopleByName('Jane Doe', d);
    expect(result.matches.map((x) => x.email)).toEqual(['jd@globex.example']);
    expect(result.failed).toEqual([{ source: 'hubspot', message: 'HubSpot did not answer within 1 s.' }]);
  });

  it("drops the team's own addresses and anything that is not an address", async () => {
    const { d } = deps(
      {
        hubspot: [
          m('hubspot', 'jane@ourteam.example'),
          m('hubspot', 'not an address'),
          m('hubspot', 'jane@acme.example'),
        ],
        local: [m('local', 'JANE@OURTEAM.EXAMPLE')],
      },
      { isTeam: (email) => email.endsWith('@ourteam.example') },
    );
    const { matches } = await findPeopleByName('Jane Doe', d);
    expect(matches.map((x) => x.email)).toEqual(['jane@acme.example']);
  });

  it('offers at most MAX_NAME_MATCHES people, the higher-priority sources first', async () => {
    const { d } = deps({
      hubspot: Array.from({ length: 4 }, (_, i) => m('hubspot', `h${i}@x.example`)),
      rest: Array.from({ length: 4 }, (_, i) => m('rest', `r${i}@x.example`)),
      local: [m('local', 'h0@x.example', { title: 'CEO' })],
    });
    const { matches } = await findPeopleByName('Jane Doe', d);
    expect(matches).toHaveLength(MAX_NAME_MATCHES);
    expect(matches.map((x) => x.email)).toEqual([
      'h0@x.example',
      'h1@x.example',
      'h2@x.example',
      'h3@x.example',
      'r0@x.example',
    ]);
    // A source later in priority still fills in a person already offered.
    expect(matches[0]).toMatchObject({ title: 'CEO', sources: ['hubspot', 'local'] });
  });

  it('bounds the text a source hands over', async () => {
    const { d } = deps({
      hubspot: [
        m('hubspot', 'jane@acme.example', {
          name: ` ${'N'.repeat(300)} `,
          company: '  ',
          title: 'T'.repeat(300),
        }),
      ],
    });
    const [match] = (await findPeopleByName('Jane Doe', d)).matches;
    expect(match?.name).toHaveLength(200);
    expect(match?.title).toHaveLength(200);
    expect(match).not.toHaveProperty('company');
  });

  it('asks nothing when no source is enabled and configured', async () => {
    const settings = defaultSettings();
    settings.sources.local = { ...settings.sources.local, enabled: false };
    // Enabled but without a token: not configured.
    settings.sources.hubspot = { ...settings.sources.hubspot, enabled: true, token: '' };
    // Configured but switched off.
    settings.sources.rest = { ...settings.sources.rest, enabled: false, baseUrl: 'https://api.acme.example' };
    const { d, connectorFor, permitted } = deps({}, { settings });
    expect(await findPeopleByName('Jane Doe', d)).toEqual({ matches: [], searched: [], failed: [] });
    expect(connectorFor).not.toHaveBeenCalled();
    expect(permitted).not.toHaveBeenCalled();
  });

  it('skips a source whose hosts are not granted, and one that cannot search names', async () => {
    const settings = configured();
    settings.sources.marketo = {
      ...settings.sources.marketo,
      enabled: true,
      baseUrl: 'https://123-abc-456.mktorest.com',
      clientId: 'id',
      clientSecret: 'secret',
    };
    const { d, calls, connectorFor } = deps(
      { marketo: null, hubspot: [m('hubspot', 'jane@acme.example')] },
      { settings, permitted: ['local', 'marketo', 'rest'] },
    );
    const result = await findPeopleByName('Jane Doe', d);
    expect(calls.map((c) => c.split(':')[0]).sort()).toEqual(['local', 'rest']);
    expect(connectorFor.mock.calls.map(([source]) => source)).not.toContain('hubspot');
    expect(result).toEqual({ matches: [], searched: ['rest', 'local'], failed: [] });
  });

  it('reports a connector that cannot be built as failed', async () => {
    const { d } = deps({ rest: [m('rest', 'jd@globex.example')] });
    const connectorFor = d.connectorFor;
    d.connectorFor = (source, s) => {
      if (source === 'local')
        throw new ConnectorError('local', 'config', 'The local workspace is not wired.');
      return connectorFor(source, s);
    };
    const result = await findPeopleByName('Jane Doe', d);
    expect(result.matches.map((x) => x.email)).toEqual(['jd@globex.example']);
    expect(result.failed).toEqual([
      {
        source: 'local',
        message: 'Local workspace could not be searched: The local workspace is not wired.',
      },
    ]);
  });

  it('refuses a bad name before reading settings or asking anyone', async () => {
    const { d, connectorFor } = deps({});
    const settings = vi.fn(d.settings);
    d.settings = settings;
    await expect(findPeopleByName(' \n ', d)).rejects.toBeInstanceOf(InvalidNameError);
    expect(settings).not.toHaveBeenCalled();
    expect(connectorFor).not.toHaveBeenCalled();
  });

  it('gives up as a whole when its caller aborts', async () => {
    const controller = new AbortController();
    const { d } = deps({ hubspot: 'hang' });
    d.timeoutMs = 10_000;
    d.signal = controller.signal;
    const pending = findPeopleByName('Jane Doe', d);
    setTimeout(() => controller.abort(new Error('tab closed')), 5);
    await expect(pending).rejects.toThrow('tab closed');
  });
});

describe('findPeopleByName with the real connectors', () => {
  it('finds one person in HubSpot, the REST backend and the local workspace, once', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    const settings = fakeSettings(platform);
    const db = await openLooplineDB('name-lookup-real');
    await replaceWorkspace(db, 'imported', {
      leads: [{ email: SEED_EMAILS.mql, name: 'Ava Chen', company: 'Northwind (imported)', refs: [] }],
      touchpoints: [],
      campaigns: [],
    });
    const fetch = asFetch(platform);
    const result = await findPeopleByName('Chen, Ava', {
      settings: () => Promise.resolve(settings),
      connectorFor: (source, s) =>
        createConnector(source, s, { fetch, clock, local: () => createLocalConnector(db) }),
      permitted: (source, s) => sourcePermitted(source, s, () => Promise.resolve(true)),
      isTeam: () => false,
    });
    expect(result.failed).toEqual([]);
    expect(result.matches).toEqual([
      {
        email: SEED_EMAILS.mql,
        name: 'Ava Chen',
        company: 'Northwind Robotics',
        title: 'VP Operations',
        source: 'hubspot',
        sources: ['hubspot', 'rest', 'local'],
      },
    ]);
    // Marketo and Mailchimp are enabled and configured, but cannot search names.
    expect(platform.requests.map((r) => r.platform).sort()).toEqual(['hubspot', 'rest']);
    db.close();
  });
});

describe('sourcePermitted', () => {
  it('needs nothing for the local workspace and the granted hosts for a platform', async () => {
    const settings = configured();
    const contains = vi.fn((origins: string[]) => Promise.resolve(origins[0] === 'https://api.hubapi.com/*'));
    expect(await sourcePermitted('local', settings, contains)).toBe(true);
    expect(await sourcePermitted('hubspot', settings, contains)).toBe(true);
    expect(await sourcePermitted('rest', settings, contains)).toBe(false);
    expect(contains).toHaveBeenCalledTimes(2);
  });
});
