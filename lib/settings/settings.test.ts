import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import v1 from './__fixtures__/settings-v1.json';
import { migrate } from './migrations';
import { defaultSettings, Settings, SETTINGS_VERSION } from './schema';
import { openLooplineDB } from '../store/db';
import {
  exportSettings,
  importSettings,
  LEGACY_SETTINGS_KEY,
  loadSettings,
  maskedSettings,
  mergeSecrets,
  parseSettings,
  saveSettings,
  SECRET_MASK,
  SettingsError,
} from './store';

const area = () => fakeBrowser.storage.local;
let dbCount = 0;
const freshDb = () => openLooplineDB(`settings-test-${++dbCount}-${Math.random().toString(36).slice(2)}`);

describe('migrations', () => {
  it('migrates the frozen v1 example into valid current settings', () => {
    const settings = parseSettings(v1);
    expect(settings.version).toBe(SETTINGS_VERSION);
    expect(settings.you).toEqual({
      name: 'Sam Rivera',
      ownAddresses: ['sam@acme-example.com', 'sam.rivera@gmail.com'],
      internalDomains: ['acme-example.com'],
      lookUpFreeMail: true,
    });
    expect(settings.sla.hours).toBe(8);
    expect(settings.sources.hubspot).toMatchObject({ enabled: true, token: v1.hubspotToken });
    expect(settings.sources.local.enabled).toBe(true);
    expect(settings.outcomes.length).toBeGreaterThan(0);
  });

  it('refuses settings from a newer version', () => {
    expect(() => migrate({ version: SETTINGS_VERSION + 1 })).toThrow(/newer Loopline/);
  });
});

describe('storage', () => {
  it('returns defaults when nothing is stored', async () => {
    expect(await loadSettings(await freshDb(), area())).toEqual({ settings: defaultSettings() });
  });

  it('saves and reads back; rejects invalid settings without writing', async () => {
    const db = await freshDb();
    const settings = defaultSettings();
    settings.sla.hours = 4;
    await saveSettings(db, settings);
    expect((await loadSettings(db)).settings.sla.hours).toBe(4);

    await expect(saveSettings(db, { ...settings, sla: { ...settings.sla, hours: -1 } })).rejects.toThrow(
      /sla\.hours/,
    );
    expect((await loadSettings(db)).settings.sla.hours).toBe(4);
  });

  it('keeps settings that fail to parse: runs on defaults, says why, and a later save keeps the old copy', async () => {
    const db = await freshDb();
    const broken = { version: 2, sla: { hours: 'soon' }, sources: { hubspot: { token: 'pat-keep-me' } } };
    await db.put('settings', broken, 'current');
    await db.put('settings', true, 'legacyChecked');

    const loaded = await loadSettings(db);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.problem).toMatch(/could not read its saved settings.*sla\.hours/);
    // Reading wrote nothing over them.
    expect(await db.get('settings', 'current')).toEqual(broken);

    const next = defaultSettings();
    next.sla.hours = 6;
    await saveSettings(db, next);
    expect(await db.get('settings', 'unreadable')).toEqual(broken);
    expect((await loadSettings(db)).settings.sla.hours).toBe(6);
    expect((await loadSettings(db)).problem).toBeUndefined();

    // A second save does not replace the kept copy with readable settings.
    await saveSettings(db, defaultSettings());
    expect(await db.get('settings', 'unreadable')).toEqual(broken);
  });

  it('moves the settings of an earlier Loopline out of storage.local once, token included', async () => {
    const db = await freshDb();
    const old = defaultSettings();
    old.sources.hubspot.token = 'pat-from-storage-local';
    old.sla.hours = 3;
    await area().set({ [LEGACY_SETTINGS_KEY]: old });

    const loaded = await loadSettings(db, area());
    expect(loaded.settings.sources.hubspot.token).toBe('pat-from-storage-local');
    expect(loaded.settings.sla.hours).toBe(3);
    expect(await area().get(LEGACY_SETTINGS_KEY)).toEqual({});
  });

  it('moves unreadable legacy settings as they are, without losing them', async () => {
    const db = await freshDb();
    const broken = { version: 2, sla: { hours: 'soon' } };
    await area().set({ [LEGACY_SETTINGS_KEY]: broken });
    const loaded = await loadSettings(db, area());
    expect(loaded.problem).toBeDefined();
    expect(await db.get('settings', 'current')).toEqual(broken);
  });

  it('never reads storage.local again once checked: a write there by a content script changes nothing', async () => {
    const db = await freshDb();
    expect((await loadSettings(db, area())).settings).toEqual(defaultSettings());
    const hostile = defaultSettings();
    hostile.sources.rest = { ...hostile.sources.rest, enabled: true, baseUrl: 'https://attacker.example' };
    await area().set({ [LEGACY_SETTINGS_KEY]: hostile });
    expect((await loadSettings(db, area())).settings.sources.rest.baseUrl).toBe('');
  });

  it('rejects a token pasted with inner spaces or line breaks', () => {
    const settings = defaultSettings();
    const bad = structuredClone(settings);
    bad.sources.hubspot.token = 'pat-na1 1234\n5678';
    expect(Settings.safeParse(bad).success).toBe(false);
    const fine = structuredClone(settings);
    fine.sources.hubspot.token = '  pat-na1-1234\n';
    expect(Settings.parse(fine).sources.hubspot.token).toBe('pat-na1-1234');
  });
});

describe('export and import', () => {
  const withSecrets = () => {
    const s = defaultSettings();
    s.sources.hubspot.token = 'pat-secret-token';
    s.sources.marketo.clientSecret = 'mkto-secret';
    s.sources.mailchimp.apiKey = 'abc123-us21';
    s.sources.rest.authValue = 'Bearer rest-secret';
    s.sla.hours = 12;
    return s;
  };

  it('exports no secret', () => {
    const json = exportSettings(withSecrets());
    for (const secret of ['pat-secret-token', 'mkto-secret', 'abc123-us21', 'rest-secret']) {
      expect(json).not.toContain(secret);
    }
    expect(JSON.parse(json).sla.hours).toBe(12);
  });

  it('round-trips, keeping the stored secrets', () => {
    const stored = withSecrets();
    const exported = JSON.parse(exportSettings(stored));
    exported.sla.hours = 6;
    const imported = importSettings(JSON.stringify(exported), stored);
    expect(imported.settings.sla.hours).toBe(6);
    expect(imported.settings.sources.hubspot.token).toBe('pat-secret-token');
    expect(imported.notices).toEqual([]);
  });

  it.each([
    ['not json', /not JSON/],
    ['[1,2]', /does not hold Loopline settings/],
    ['{"sla":{}}', /no settings version/],
    ['{"version":99}', /newer Loopline/],
    ['{"version":2,"sla":{"hours":"<script>alert(1)</script>"}}', /sla\.hours/],
    ['{"version":2,"you":{"internalDomains":["<img src=x>"]}}', /not a domain/],
  ])('rejects %s with a clear error', (json, message) => {
    expect(() => importSettings(json, defaultSettings())).toThrow(SettingsError);
    expect(() => importSettings(json, defaultSettings())).toThrow(message);
  });

  it('masks secrets for pages and restores them on save', () => {
    const stored = withSecrets();
    const masked = maskedSettings(stored) as {
      sources: { hubspot: { token: string }; rest: { authValue: string } };
    };
    expect(masked.sources.hubspot.token).toBe(SECRET_MASK);
    expect(JSON.stringify(masked)).not.toContain('pat-secret-token');
    const merged = Settings.parse(mergeSecrets(masked, stored).value);
    expect(merged.sources.hubspot.token).toBe('pat-secret-token');
    expect(merged.sources.rest.authValue).toBe('Bearer rest-secret');
  });
});

describe('secrets bound to where they go', () => {
  const stored = () => {
    const s = defaultSettings();
    s.sources.hubspot.token = 'pat-secret-token';
    s.sources.marketo = {
      ...s.sources.marketo,
      baseUrl: 'https://123-abc-456.mktorest.com',
      clientId: 'mkto-id',
      clientSecret: 'mkto-secret',
    };
    s.sources.mailchimp.apiKey = 'abc123-us21';
    s.sources.rest = {
      ...s.sources.rest,
      baseUrl: 'https://crm.example.com/loopline',
      authValue: 'Bearer rest-secret',
    };
    return s;
  };
  type Masked = Settings;
  const masked = () => maskedSettings(stored()) as unknown as Masked;

  it.each([
    [
      'HubSpot API host',
      (m: Masked): void => {
        m.sources.hubspot.apiHost = 'api-eu1.hubapi.com';
      },
      ['hubspot', 'token'],
      /HubSpot token/,
    ],
    [
      'Marketo instance',
      (m: Masked): void => {
        m.sources.marketo.baseUrl = 'https://999-xyz-000.mktorest.com';
      },
      ['marketo', 'clientSecret'],
      /Marketo client secret/,
    ],
    [
      'REST origin',
      (m: Masked): void => {
        m.sources.rest.baseUrl = 'https://attacker.example/loopline';
      },
      ['rest', 'authValue'],
      /REST endpoint/,
    ],
    [
      'REST header name',
      (m: Masked): void => {
        m.sources.rest.authHeader = 'X-Leak';
      },
      ['rest', 'authValue'],
      /x-leak/,
    ],
  ] as const)('changing the %s clears the secret and says so', (_what, change, [source, field], notice) => {
    const next = masked();
    change(next);
    const merged = mergeSecrets(next, stored());
    const value = Settings.parse(merged.value) as unknown as Record<
      string,
      Record<string, Record<string, string>>
    >;
    expect(value.sources![source]![field]).toBe('');
    expect(merged.notices.join(' ')).toMatch(notice);
    expect(merged.notices.join(' ')).not.toMatch(/pat-secret|mkto-secret|rest-secret/);
  });

  it('keeps the secret when only the path under the same origin changes', () => {
    const next = masked();
    next.sources.rest.baseUrl = 'https://crm.example.com/v2/loopline';
    const merged = mergeSecrets(next, stored());
    expect((Settings.parse(merged.value) as Settings).sources.rest.authValue).toBe('Bearer rest-secret');
    expect(merged.notices).toEqual([]);
  });

  it('keeps a new secret typed for the new destination', () => {
    const next = masked();
    next.sources.hubspot.apiHost = 'api-eu1.hubapi.com';
    next.sources.hubspot.token = 'pat-eu-token';
    const merged = mergeSecrets(next, stored());
    expect((Settings.parse(merged.value) as Settings).sources.hubspot.token).toBe('pat-eu-token');
    expect(merged.notices).toEqual([]);
  });

  it('an imported file that points the REST source elsewhere clears its auth value and says so', () => {
    const exported = JSON.parse(exportSettings(stored()));
    exported.sources.rest.baseUrl = 'https://attacker.example';
    const imported = importSettings(JSON.stringify(exported), stored());
    expect(imported.settings.sources.rest.authValue).toBe('');
    expect(imported.settings.sources.hubspot.token).toBe('pat-secret-token');
    expect(imported.notices).toEqual([
      expect.stringMatching(/REST endpoint’s auth value was cleared.*attacker\.example/),
    ]);
  });
});

describe('defaults', () => {
  it('are fresh objects: changing one settings value never changes the next default', () => {
    const first = defaultSettings();
    first.outcomes[0]!.label = 'Changed';
    first.sites.custom.push({ id: 'x', pattern: 'https://crm.example.com/*', selector: '', reader: 'page' });
    first.you.ownAddresses.push('me@example.com');
    first.definitions.lead = 'Changed';
    const second = defaultSettings();
    expect(second.outcomes[0]!.label).toBe('Meeting booked');
    expect(second.sites.custom).toEqual([]);
    expect(second.you.ownAddresses).toEqual([]);
    expect(second.definitions.lead).not.toBe('Changed');
  });
});
