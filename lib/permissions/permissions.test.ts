import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings, type Settings } from '../settings/schema';
import {
  hasSourcePermission,
  missingSiteAccess,
  neededPatterns,
  releaseAllOptional,
  releaseSitePermission,
  releaseSourcePermission,
  releaseUnneeded,
  requestSitePermission,
  requestSiteAccess,
  requestSourcePermission,
  type PermissionsApi,
} from '.';
import { BUILTIN_MATCHES } from '../sites/registry';

const REQUIRED = ['https://mail.google.com/*', 'https://app.hubspot.com/*'];

/** A browser's permission store: granted origins, and what the user answers to a prompt. */
function fakePermissions(granted: string[] = [], answer = true) {
  const store = new Set([...REQUIRED, ...granted]);
  const api = {
    request: vi.fn(async ({ origins }: { origins: string[] }) => {
      if (answer) origins.forEach((origin) => store.add(origin));
      return answer;
    }),
    remove: vi.fn(async ({ origins }: { origins: string[] }) => {
      origins.forEach((origin) => store.delete(origin));
      return true;
    }),
    contains: vi.fn(async ({ origins }: { origins: string[] }) =>
      origins.every((origin) => store.has(origin)),
    ),
    getAll: vi.fn(async () => ({ origins: [...store] })),
  } satisfies PermissionsApi;
  return { api, store };
}

function settingsWith(change: (settings: Settings) => void): Settings {
  const settings = structuredClone(defaultSettings()); // defaults share references; never mutate them
  change(settings);
  return settings;
}

describe('requestSourcePermission', () => {
  it('asks for the narrowed host and reports it granted', async () => {
    const { api, store } = fakePermissions();
    const settings = settingsWith(
      (s) => void (s.sources.marketo.baseUrl = 'https://123-ABC-456.mktorest.com'),
    );
    const outcome = await requestSourcePermission('marketo', settings, api);
    expect(outcome).toEqual({ ok: true, value: ['https://123-abc-456.mktorest.com/*'] });
    expect(api.request).toHaveBeenCalledWith({ origins: ['https://123-abc-456.mktorest.com/*'] });
    expect(store.has('https://123-abc-456.mktorest.com/*')).toBe(true);
  });

  it('calls request synchronously, inside the caller’s gesture', () => {
    const { api } = fakePermissions();
    void requestSourcePermission('hubspot', defaultSettings(), api);
    // No await yet: the prompt must already have been asked for.
    expect(api.request).toHaveBeenCalledTimes(1);
  });

  it('reports a denial with a message naming the host and the source', async () => {
    const { api } = fakePermissions([], false);
    const outcome = await requestSourcePermission('hubspot', defaultSettings(), api);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Access to api.hubapi.com was not granted, so HubSpot stays off.',
      },
    });
  });

  it('turns a throwing request into a message', async () => {
    const { api } = fakePermissions();
    api.request.mockRejectedValueOnce(new Error('This function must be called during a user gesture'));
    const outcome = await requestSourcePermission('hubspot', defaultSettings(), api);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/user gesture/) },
    });
  });

  it('does not ask when the settings cannot name a host', async () => {
    const { api } = fakePermissions();
    const outcome = await requestSourcePermission('rest', defaultSettings(), api);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/base URL/) },
    });
    expect(api.request).not.toHaveBeenCalled();
  });

  it('grants the local workspace without asking', async () => {
    const { api } = fakePermissions();
    expect(await requestSourcePermission('local', defaultSettings(), api)).toEqual({ ok: true, value: [] });
    expect(api.request).not.toHaveBeenCalled();
  });

  it('uses browser.permissions by default', async () => {
    const request = vi.fn(async () => true);
    vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(request);
    await requestSourcePermission('hubspot', defaultSettings());
    expect(request).toHaveBeenCalledWith({ origins: ['https://api.hubapi.com/*'] });
  });
});

describe('requestSitePermission', () => {
  it('validates before asking', async () => {
    const { api } = fakePermissions();
    const outcome = await requestSitePermission('https://*/*', api);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(api.request).not.toHaveBeenCalled();
  });

  it('asks for the normalized pattern', async () => {
    const { api } = fakePermissions();
    expect(await requestSitePermission(' https://CRM.example.com/* ', api)).toEqual({
      ok: true,
      value: ['https://crm.example.com/*'],
    });
  });
});

describe('hasSourcePermission', () => {
  it('is true only when the exact host is granted', async () => {
    const { api } = fakePermissions(['https://api.hubapi.com/*']);
    expect(await hasSourcePermission('hubspot', defaultSettings(), api)).toBe(true);
    const eu = settingsWith((s) => void (s.sources.hubspot.apiHost = 'api-eu1.hubapi.com'));
    expect(await hasSourcePermission('hubspot', eu, api)).toBe(false);
  });
});

describe('neededPatterns', () => {
  it('lists enabled sources and custom sites, except the one named', () => {
    const settings = settingsWith((s) => {
      s.sources.hubspot.enabled = true;
      s.sources.rest.enabled = true;
      s.sources.rest.baseUrl = 'https://crm.example.com/api';
      s.sites.custom = [{ id: 'a', pattern: 'https://crm.example.com/*', selector: '', reader: 'page' }];
    });
    expect(neededPatterns(settings)).toEqual([
      'https://api.hubapi.com/*',
      'https://crm.example.com/*',
      'https://crm.example.com/*',
    ]);
    expect(neededPatterns(settings, { source: 'hubspot', siteId: 'a' })).toEqual([
      'https://crm.example.com/*',
    ]);
  });
});

describe('releaseSourcePermission', () => {
  it('removes the hosts of a source nothing else needs', async () => {
    const { api, store } = fakePermissions(['https://api.hubapi.com/*', 'https://us21.api.mailchimp.com/*']);
    const settings = settingsWith((s) => {
      s.sources.mailchimp.enabled = true;
      s.sources.mailchimp.apiKey = 'abc-us21';
    });
    const release = await releaseSourcePermission('hubspot', settings, api, REQUIRED);
    expect(release).toEqual({ removed: ['https://api.hubapi.com/*'] });
    expect(store.has('https://us21.api.mailchimp.com/*')).toBe(true);
  });

  it('removes a narrowed grant even when the settings no longer name it', async () => {
    const { api, store } = fakePermissions(['https://123-abc-456.mktorest.com/*']);
    const release = await releaseSourcePermission('marketo', defaultSettings(), api, REQUIRED);
    expect(release.removed).toEqual(['https://123-abc-456.mktorest.com/*']);
    expect(store.has('https://123-abc-456.mktorest.com/*')).toBe(false);
  });

  it('keeps a host that a custom site still uses', async () => {
    const { api, store } = fakePermissions(['https://crm.example.com/*']);
    const settings = settingsWith((s) => {
      s.sources.rest.baseUrl = 'https://crm.example.com/api';
      s.sites.custom = [{ id: 'crm', pattern: 'https://crm.example.com/*', selector: '', reader: 'page' }];
    });
    const release = await releaseSourcePermission('rest', settings, api, REQUIRED);
    expect(release).toEqual({ removed: [] });
    expect(api.remove).not.toHaveBeenCalled();
    expect(store.has('https://crm.example.com/*')).toBe(true);
  });

  it('keeps a host that another enabled source uses', async () => {
    const { api } = fakePermissions(['https://leads.example.com/*']);
    const settings = settingsWith((s) => {
      s.sources.rest.enabled = true;
      s.sources.rest.baseUrl = 'https://leads.example.com/api';
      s.sites.custom = [];
    });
    const release = await releaseSitePermission(
      { id: 'x', pattern: 'https://leads.example.com/*' },
      settings,
      api,
      REQUIRED,
    );
    expect(release).toEqual({ removed: [] });
  });

  it('never removes a host the manifest requires', async () => {
    const { api } = fakePermissions();
    const release = await releaseSourcePermission('hubspot', defaultSettings(), api, [
      ...REQUIRED,
      'https://api.hubapi.com/*',
    ]);
    expect(release.removed).toEqual([]);
  });

  it('reports a failing remove without throwing', async () => {
    const { api } = fakePermissions(['https://api.hubapi.com/*']);
    api.remove.mockRejectedValueOnce(new Error('You cannot remove required permissions.'));
    const release = await releaseSourcePermission('hubspot', defaultSettings(), api, REQUIRED);
    expect(release).toEqual({
      removed: [],
      error: 'Could not give back access: You cannot remove required permissions.',
    });
  });
});

describe('releaseSitePermission', () => {
  it('removes the site’s host once no other site shares it', async () => {
    const { api, store } = fakePermissions(['https://crm.example.com/*']);
    const site = { id: 'one', pattern: 'https://crm.example.com/*' };
    const settings = settingsWith((s) => void (s.sites.custom = [{ ...site, selector: '', reader: 'page' }]));
    expect(await releaseSitePermission(site, settings, api, REQUIRED)).toEqual({
      removed: ['https://crm.example.com/*'],
    });
    expect(store.has('https://crm.example.com/*')).toBe(false);
  });

  it('keeps the host while another site covers it', async () => {
    const { api } = fakePermissions(['https://crm.example.com/*', 'https://*.example.com/*']);
    const settings = settingsWith((s) => {
      s.sites.custom = [
        { id: 'one', pattern: 'https://crm.example.com/records/*', selector: '', reader: 'page' },
        { id: 'two', pattern: 'https://*.example.com/*', selector: '', reader: 'page' },
      ];
    });
    const release = await releaseSitePermission(
      { id: 'one', pattern: 'https://crm.example.com/records/*' },
      settings,
      api,
      REQUIRED,
    );
    expect(release.removed).toEqual([]);
  });
});

describe('releaseAllOptional', () => {
  it('removes every optional host and nothing required', async () => {
    const { api, store } = fakePermissions(['https://api.hubapi.com/*', 'https://crm.example.com/*']);
    const release = await releaseAllOptional(api, REQUIRED);
    expect(release.removed.sort()).toEqual(['https://api.hubapi.com/*', 'https://crm.example.com/*']);
    expect([...store].sort()).toEqual([...REQUIRED].sort());
  });
});

describe('releaseUnneeded', () => {
  it('gives back a source switched off and a site removed, keeps what stays in use', async () => {
    const { api, store } = fakePermissions([
      'https://api.hubapi.com/*',
      'https://crm.example.com/*',
      'https://desk.example.com/*',
      'https://us21.api.mailchimp.com/*',
    ]);
    const before = settingsWith((s) => {
      s.sources.hubspot.enabled = true;
      s.sources.mailchimp.enabled = true;
      s.sources.mailchimp.apiKey = 'k-us21';
      s.sites.custom = [
        { id: 'crm', pattern: 'https://crm.example.com/*', selector: '', reader: 'page' },
        { id: 'desk', pattern: 'https://desk.example.com/*', selector: '', reader: 'page' },
      ];
    });
    const after = structuredClone(before);
    after.sources.hubspot.enabled = false;
    after.sites.custom = [after.sites.custom[0]!];

    const release = await releaseUnneeded(before, after, api, REQUIRED);
    expect(release.removed.sort()).toEqual(['https://api.hubapi.com/*', 'https://desk.example.com/*']);
    expect(store.has('https://crm.example.com/*')).toBe(true);
    expect(store.has('https://us21.api.mailchimp.com/*')).toBe(true);
  });

  it('gives back the old host when a source moves', async () => {
    const { api, store } = fakePermissions(['https://api.hubapi.com/*', 'https://api-eu1.hubapi.com/*']);
    const before = settingsWith((s) => void (s.sources.hubspot.enabled = true));
    const after = structuredClone(before);
    after.sources.hubspot.apiHost = 'api-eu1.hubapi.com';
    expect((await releaseUnneeded(before, after, api, REQUIRED)).removed).toEqual([
      'https://api.hubapi.com/*',
    ]);
    expect(store.has('https://api-eu1.hubapi.com/*')).toBe(true);
  });

  it('changes nothing when nothing changed', async () => {
    const { api } = fakePermissions(['https://api.hubapi.com/*']);
    const settings = settingsWith((s) => void (s.sources.hubspot.enabled = true));
    expect(await releaseUnneeded(settings, settings, api, REQUIRED)).toEqual({ removed: [] });
    expect(api.remove).not.toHaveBeenCalled();
  });
});

describe('site access to Gmail and the built-in CRMs (the user’s to grant on Firefox)', () => {
  it('lists what is not granted, and asks for it in one request', async () => {
    const { api } = fakePermissions();
    await api.remove({ origins: [...BUILTIN_MATCHES] });
    await api.request({ origins: ['https://app.hubspot.com/*'] });
    const missing = await missingSiteAccess(api);
    expect(missing).toContain('https://mail.google.com/*');
    expect(missing).not.toContain('https://app.hubspot.com/*');
    expect(await requestSiteAccess(missing, api)).toEqual({ ok: true, value: missing });
    expect(api.request).toHaveBeenLastCalledWith({ origins: missing });
    expect(await missingSiteAccess(api)).toEqual([]);
  });

  it('a refusal says so', async () => {
    const { api } = fakePermissions([], false);
    const outcome = await requestSiteAccess(['https://mail.google.com/*'], api);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/mail\.google\.com was not granted/) },
    });
  });
});
