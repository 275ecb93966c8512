/**
 * The background's side of the trust boundary, run against WXT's fake browser and an in-memory
 * IndexedDB: the settings Loopline's pages keep where no content script can read them, and when
 * the sample workspace loads.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings } from '../settings/schema';
import { LEGACY_SETTINGS_KEY } from '../settings/store';
import { replaceWorkspace } from '../store/workspace';
import { content, frame, page, startBackground, useFakeBrowser } from './app-test-setup';

useFakeBrowser();

describe('settings', () => {
  it('live where no content script can read them, and storage.local writes change nothing', async () => {
    const app = startBackground();
    const s = defaultSettings();
    s.sources.hubspot = { ...s.sources.hubspot, enabled: true, token: 'pat-na1-very-secret' };
    await app.router({ type: 'settings.save', payload: { settings: s } }, page);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('pat-na1');
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain('pat-na1');

    const hostile = defaultSettings();
    hostile.sources.rest = { ...hostile.sources.rest, enabled: true, baseUrl: 'https://attacker.example' };
    await fakeBrowser.storage.local.set({ [LEGACY_SETTINGS_KEY]: hostile });
    for (const app2 of [app, startBackground()]) {
      const reply = await app2.router({ type: 'settings.get' }, page);
      expect(reply).toMatchObject({
        ok: true,
        value: { settings: { sources: { rest: { baseUrl: '' }, hubspot: { token: '••••••••' } } } },
      });
    }
  });

  it('an import that points a source elsewhere clears its secret and says so', async () => {
    const app = startBackground();
    const s = defaultSettings();
    s.sources.rest = {
      ...s.sources.rest,
      baseUrl: 'https://rest.example.com',
      authValue: 'Bearer rest-secret',
    };
    await app.router({ type: 'settings.save', payload: { settings: s } }, page);
    const exported = await app.router({ type: 'settings.export' }, page);
    const file = JSON.parse(exported.ok ? (exported.value as string) : '{}');
    file.sources.rest.baseUrl = 'https://attacker.example';
    const reply = await app.router(
      { type: 'settings.import', payload: { json: JSON.stringify(file) } },
      page,
    );
    expect(reply).toMatchObject({
      ok: true,
      value: {
        settings: { sources: { rest: { authValue: '' } } },
        notices: [expect.stringMatching(/cleared/)],
      },
    });
  });
});

describe('the sample workspace', () => {
  const sampleEmail = 'ada.lindqvist@driftwood-games-example.com';

  it('loads on a brand-new install at the first lookup, and the view says it is sample data', async () => {
    const app = startBackground();
    await app.router({ type: 'page.people', payload: { people: [{ email: sampleEmail }] } }, content());
    const view = await app.router({ type: 'lead.get', payload: { email: sampleEmail } }, frame());
    expect(view).toMatchObject({ ok: true, value: { status: 'found', sample: true } });
  });

  it('never loads unasked for a user who imported their own data first', async () => {
    const app = startBackground();
    await replaceWorkspace(await app.db(), 'imported', {
      leads: [{ email: 'own@customer.example', refs: [] }],
      touchpoints: [],
      campaigns: [],
    });
    await app.router({ type: 'page.people', payload: { people: [{ email: sampleEmail }] } }, content());
    const view = await app.router({ type: 'lead.get', payload: { email: sampleEmail } }, frame());
    expect(view).toMatchObject({ ok: true, value: { status: 'not_found', sample: false } });
    expect(await app.router({ type: 'workspace.stats' }, page)).toMatchObject({ value: { sample: false } });
    // Asked for, it loads.
    expect(await app.router({ type: 'workspace.useSample' }, page)).toMatchObject({ ok: true });
    expect(await app.router({ type: 'workspace.stats' }, page)).toMatchObject({ value: { sample: true } });
  });

  it('never loads unasked once a platform is connected', async () => {
    const app = startBackground();
    const s = defaultSettings();
    s.sources.rest = { ...s.sources.rest, enabled: true, baseUrl: 'https://rest.example.com' };
    await app.router({ type: 'settings.save', payload: { settings: s } }, page);
    await app.router({ type: 'page.people', payload: { people: [{ email: sampleEmail }] } }, content());
    await app.router({ type: 'lead.get', payload: { email: sampleEmail } }, frame());
    expect(await app.router({ type: 'workspace.stats' }, page)).toMatchObject({ value: { sample: false } });
  });
});
