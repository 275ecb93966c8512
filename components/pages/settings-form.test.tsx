import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, type Settings } from '../../lib/settings/schema';
import { createSettingsForm } from './settings-form';
import { fakeClient, settingsBackground } from './test-helpers';

describe('createSettingsForm', () => {
  it('reports settings it cannot load', async () => {
    const form = createSettingsForm(
      fakeClient({ 'settings.get': () => ({ settings: { version: 99 }, notices: [] }) }).client,
    );
    await form.load();
    expect(form.draft.value).toBeNull();
    expect(form.loadError.value).toMatch(/could not be read/);
  });

  it('says why the stored settings could not be read while running on defaults, until a save', async () => {
    const problem = 'Loopline could not read its saved settings (sla.hours) and is using the defaults.';
    const background = settingsBackground(defaultSettings(), {
      'settings.get': () => ({ settings: defaultSettings(), notices: [], problem }),
    });
    const form = createSettingsForm(background.client);
    await form.load();
    expect(form.problem.value).toBe(problem);
    expect(form.draft.value).toEqual(defaultSettings());
    form.update((d) => void (d.you.name = 'Sam'));
    await form.save();
    expect(form.problem.value).toBe('');
  });

  it('says so when a save cleared a secret because its destination changed', async () => {
    const notice =
      'The HubSpot token was cleared because it would now be sent to https://api-eu1.hubapi.com instead of https://api.hubapi.com. Enter it again if that is intended.';
    const background = settingsBackground(defaultSettings(), {
      'settings.save': (payload) => ({
        settings: (payload as { settings: Settings }).settings,
        notices: [notice],
      }),
    });
    const form = createSettingsForm(background.client);
    await form.load();
    form.update((d) => void (d.sources.hubspot.apiHost = 'api-eu1.hubapi.com'));
    await form.save();
    expect(form.status.value).toEqual({ kind: 'error', text: `Saved. ${notice}` });
  });

  it('shows errors only for touched fields until a save is attempted', async () => {
    const form = createSettingsForm(settingsBackground().client);
    await form.load();
    form.update((d) => {
      d.you.name = 'x'.repeat(300);
      d.sla.hours = -1;
    });
    expect(form.errorsFor('you.name')).toEqual([]);
    form.touch('you.name');
    expect(form.errorsFor('you.name')).toEqual(['Use at most 200 characters.']);
    expect(form.errorsFor('sla.hours')).toEqual([]);
    expect(await form.save()).toBeNull();
    expect(form.errorsFor('sla.hours')).toEqual(['Enter more than 0.']);
    expect(form.status.value).toEqual({ kind: 'error', text: 'Not saved: 2 fields need attention.' });
  });

  it('keeps the draft and says why when the background refuses', async () => {
    const background = settingsBackground(defaultSettings(), {
      'settings.save': () => {
        throw new Error('Settings are not valid: you.name: too long');
      },
    });
    const form = createSettingsForm(background.client);
    await form.load();
    form.update((d) => void (d.you.name = 'Sam'));
    expect(await form.save()).toBeNull();
    expect(form.status.value?.text).toBe('Not saved: Settings are not valid: you.name: too long');
    expect(form.draft.value?.you.name).toBe('Sam');
    expect(form.dirty.value).toBe(true);
  });

  it('runs afterSave with the settings before and after, and shows its note', async () => {
    const afterSave = vi.fn(
      async (_before: Settings, _after: Settings) => 'Could not give back access: nope',
    );
    const form = createSettingsForm(settingsBackground().client, { afterSave });
    await form.load();
    form.update((d) => void (d.sources.hubspot.enabled = true));
    await form.save();
    expect(afterSave).toHaveBeenCalledTimes(1);
    const [before, after] = afterSave.mock.calls[0]!;
    expect([before.sources.hubspot.enabled, after.sources.hubspot.enabled]).toEqual([false, true]);
    expect(form.status.value?.text).toBe('Saved. Could not give back access: nope');
  });

  it('applies a one-off change to the saved settings and the draft alike', async () => {
    const background = settingsBackground();
    const form = createSettingsForm(background.client);
    await form.load();
    form.update((d) => void (d.you.name = 'Unsaved'));
    await form.saveChange((d) => void (d.sla.hours = 6));
    expect(background.stored().sla.hours).toBe(6);
    expect(background.stored().you.name).toBe('');
    expect(form.draft.value?.sla.hours).toBe(6);
    expect(form.draft.value?.you.name).toBe('Unsaved');
  });

  it('discard returns to what was saved, rows kept elsewhere included', async () => {
    const form = createSettingsForm(settingsBackground().client);
    await form.load();
    form.update((d) => void (d.you.name = 'Unsaved'));
    form.setExtraErrors('definitions', [['definitions.0.term', 'Name the term this defines.']]);
    expect(form.dirty.value).toBe(true);
    form.discard();
    expect(form.draft.value?.you.name).toBe('');
    expect(form.errors.value.size).toBe(0);
    expect(form.dirty.value).toBe(false);
  });
});
