import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Settings } from '../settings/schema';
import { syncCustomSites, type ContentScriptRegistration, type ScriptingApi } from './registration';

type Sites = Settings['sites']['custom'];

/** The browser's registry of dynamic content scripts, with its refusal of duplicate ids. */
function fakeScripting(initial: ContentScriptRegistration[] = []) {
  const registry = new Map(initial.map((script) => [script.id, script]));
  const api = {
    getRegisteredContentScripts: vi.fn(async () =>
      [...registry.values()].map((script) => structuredClone(script)),
    ),
    registerContentScripts: vi.fn(async (scripts: ContentScriptRegistration[]) => {
      for (const script of scripts) {
        if (registry.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      }
      scripts.forEach((script) => registry.set(script.id, structuredClone(script)));
    }),
    unregisterContentScripts: vi.fn(async (filter?: { ids?: string[] }) => {
      for (const id of filter?.ids ?? [...registry.keys()]) {
        if (!registry.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
        registry.delete(id);
      }
    }),
  } satisfies ScriptingApi;
  return { api, registry };
}

const granted = (...patterns: string[]) => vi.fn(async (pattern: string) => patterns.includes(pattern));

const site = (id: string, pattern: string): Sites[number] => ({ id, pattern, selector: '', reader: 'page' });

describe('syncCustomSites', () => {
  it('registers the sites content script once per granted site', async () => {
    const { api, registry } = fakeScripting();
    const sites = [site('crm', 'https://crm.example.com/*'), site('desk', 'https://desk.example.com/*')];
    const report = await syncCustomSites(sites, api, granted('https://crm.example.com/*'));

    expect(report.registered).toEqual(['custom-crm']);
    expect(report.skipped).toEqual([{ id: 'desk', reason: expect.stringMatching(/No permission/) }]);
    expect([...registry.values()]).toEqual([
      {
        id: 'custom-crm',
        matches: ['https://crm.example.com/*'],
        js: ['content-scripts/sites.js'],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  });

  it('unregisters sites that were removed and leaves other scripts alone', async () => {
    const { api, registry } = fakeScripting([
      {
        id: 'custom-old',
        matches: ['https://old.example.com/*'],
        js: ['content-scripts/crm.js'],
        runAt: 'document_idle',
      },
      { id: 'something-else', matches: ['https://x.example.com/*'], js: ['other.js'] },
    ]);
    const report = await syncCustomSites([], api, granted());
    expect(report.unregistered).toEqual(['custom-old']);
    expect([...registry.keys()]).toEqual(['something-else']);
  });

  it('unregisters a site whose permission was taken away', async () => {
    const { api, registry } = fakeScripting();
    const sites = [site('crm', 'https://crm.example.com/*')];
    await syncCustomSites(sites, api, granted('https://crm.example.com/*'));
    await syncCustomSites(sites, api, granted());
    expect(registry.size).toBe(0);
  });

  it('is idempotent: a second sync changes nothing', async () => {
    const { api } = fakeScripting();
    const sites = [site('crm', 'https://crm.example.com/*')];
    const check = granted('https://crm.example.com/*');
    await syncCustomSites(sites, api, check);
    api.registerContentScripts.mockClear();
    api.unregisterContentScripts.mockClear();

    const report = await syncCustomSites(sites, api, check);
    expect(report).toEqual({ registered: [], unregistered: [], skipped: [] });
    expect(api.registerContentScripts).not.toHaveBeenCalled();
    expect(api.unregisterContentScripts).not.toHaveBeenCalled();
  });

  it('treats a leading slash in reported file paths as the same script', async () => {
    const { api } = fakeScripting([
      {
        id: 'custom-crm',
        matches: ['https://crm.example.com/*'],
        js: ['/content-scripts/sites.js'],
        runAt: 'document_idle',
      },
    ]);
    const report = await syncCustomSites(
      [site('crm', 'https://crm.example.com/*')],
      api,
      granted('https://crm.example.com/*'),
    );
    expect(report.registered).toEqual([]);
  });

  it('replaces a registration an earlier version made with the old CRM script file', async () => {
    const { api, registry } = fakeScripting([
      {
        id: 'custom-crm',
        matches: ['https://crm.example.com/*'],
        js: ['content-scripts/crm.js'],
        runAt: 'document_idle',
      },
    ]);
    const report = await syncCustomSites(
      [site('crm', 'https://crm.example.com/*')],
      api,
      granted('https://crm.example.com/*'),
    );
    expect(report.registered).toEqual(['custom-crm']);
    expect(registry.get('custom-crm')?.js).toEqual(['content-scripts/sites.js']);
  });

  it('replaces a registration whose pattern changed', async () => {
    const { api, registry } = fakeScripting();
    const check = granted('https://crm.example.com/*', 'https://crm.example.com/app/*');
    await syncCustomSites([site('crm', 'https://crm.example.com/*')], api, check);
    const report = await syncCustomSites([site('crm', 'https://crm.example.com/app/*')], api, check);
    expect(report.registered).toEqual(['custom-crm']);
    expect(registry.get('custom-crm')?.matches).toEqual(['https://crm.example.com/app/*']);
  });

  it('skips invalid patterns and duplicate ids without failing the batch', async () => {
    const { api, registry } = fakeScripting();
    const sites = [
      site('bad', 'https://*/*'),
      site('crm', 'https://crm.example.com/*'),
      site('crm', 'https://crm2.example.com/*'),
    ];
    const report = await syncCustomSites(
      sites,
      api,
      granted('https://crm.example.com/*', 'https://crm2.example.com/*'),
    );
    expect(report.skipped.map((entry) => entry.id)).toEqual(['bad', 'crm']);
    expect([...registry.keys()]).toEqual(['custom-crm']);
  });

  it('uses browser.scripting and browser.permissions by default', async () => {
    const { api, registry } = fakeScripting();
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(
      api.getRegisteredContentScripts as never,
    );
    vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation(
      api.registerContentScripts as never,
    );
    vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation(
      api.unregisterContentScripts as never,
    );
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => true) as never);
    await syncCustomSites([site('crm', 'https://crm.example.com/*')]);
    expect([...registry.keys()]).toEqual(['custom-crm']);
  });
});
