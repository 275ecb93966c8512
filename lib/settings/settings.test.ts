import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import v1 from './__fixtures__/settings-v1.json';
import { migrate } from './migrations';
import { defaultSettings, Settings, SETTINGS_VERSION } from './schema';
import {
  exportSettings,
  importSettings,
  loadSettings,
  maskedSettings,
  mergeSecrets,
  parseSettings,
  saveSettings,
  SECRET_MASK,
  SettingsError,
  SETTINGS_KEY,
} from './store';

const area = () => fakeBrowser.storage.local;

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
  it('returns defaults when nothing is stored and after corruption', async () => {
    expect(await loadSettings(area())).toEqual(defaultSettings());
    await area().set({ [SETTINGS_KEY]: { version: 2, sla: { hours: 'soon' } } });
    expect(await loadSettings(area())).toEqual(defaultSettings());
  });

  it('saves and reads back; rejects invalid settings without writing', async () => {
    const settings = defaultSettings();
    settings.sla.hours = 4;
    await saveSettings(area(), settings);
    expect((await loadSettings(area())).sla.hours).toBe(4);

    await expect(saveSettings(area(), { ...settings, sla: { ...settings.sla, hours: -1 } })).rejects.toThrow(
      /sla\.hours/,
    );
    expect((await loadSettings(area())).sla.hours).toBe(4);
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
    expect(imported.sla.hours).toBe(6);
    expect(imported.sources.hubspot.token).toBe('pat-secret-token');
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
    const merged = Settings.parse(mergeSecrets(masked, stored));
    expect(merged.sources.hubspot.token).toBe('pat-secret-token');
    expect(merged.sources.rest.authValue).toBe('Bearer rest-secret');
  });
});

describe('defaults', () => {
  it('are fresh objects: changing one settings value never changes the next default', () => {
    const first = defaultSettings();
    first.outcomes[0]!.label = 'Changed';
    first.sites.custom.push({ id: 'x', pattern: 'https://crm.example.com/*', selector: '' });
    first.you.ownAddresses.push('me@example.com');
    first.definitions.lead = 'Changed';
    const second = defaultSettings();
    expect(second.outcomes[0]!.label).toBe('Meeting booked');
    expect(second.sites.custom).toEqual([]);
    expect(second.you.ownAddresses).toEqual([]);
    expect(second.definitions.lead).not.toBe('Changed');
  });
});
