import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, type Settings } from '../settings/schema';
import type { Connector, TestResult } from '../connectors/types';
import { checkMarketoActivityType, createSettingsHandlers, type ActivityTypeChoice } from './settings';

const TYPES: ActivityTypeChoice[] = [
  { id: 100001, name: 'Loopline outcome', usable: true },
  { id: 100002, name: 'Webinar feedback', usable: false, reason: 'no text field can carry the outcome id' },
];

function withType(id: number): Settings {
  const s = defaultSettings();
  s.sources.marketo = {
    ...s.sources.marketo,
    enabled: true,
    baseUrl: 'https://123-abc-456.mktorest.com',
    customActivityTypeId: id,
  };
  return s;
}

describe('checkMarketoActivityType', () => {
  it('accepts a chosen type that can carry the outcome id', async () => {
    expect(await checkMarketoActivityType(withType(100001), defaultSettings(), async () => TYPES)).toEqual(
      [],
    );
  });

  it('refuses a type without a field for the outcome id, or one the instance does not have, saying why', async () => {
    await expect(
      checkMarketoActivityType(withType(100002), defaultSettings(), async () => TYPES),
    ).rejects.toThrow(
      'Marketo activity type “Webinar feedback” (100002) cannot take outcomes: no text field can carry the outcome id.',
    );
    await expect(checkMarketoActivityType(withType(7), defaultSettings(), async () => TYPES)).rejects.toThrow(
      /Marketo has no custom activity type 7/,
    );
  });

  it('does not ask Marketo when the type did not change or none is set', async () => {
    const list = vi.fn(async () => TYPES);
    expect(await checkMarketoActivityType(withType(100002), withType(100002), list)).toEqual([]);
    expect(await checkMarketoActivityType(withType(0), defaultSettings(), list)).toEqual([]);
    expect(list).not.toHaveBeenCalled();
  });

  it('saves with a notice when Marketo cannot be asked', async () => {
    const notices = await checkMarketoActivityType(withType(100001), defaultSettings(), async () => {
      throw new Error('Could not reach 123-abc-456.mktorest.com');
    });
    expect(notices).toEqual([
      expect.stringMatching(/could not be asked whether activity type 100001.*checked again/),
    ]);
  });
});

describe("'source.test' reply to the options page", () => {
  const replyTo = (result: TestResult) =>
    createSettingsHandlers({
      loaded: async () => ({ settings: defaultSettings() }),
      save: async () => defaultSettings(),
      connectorFor: async () => ({ test: async () => result }) as unknown as Connector,
    })['source.test']({ source: 'hubspot' });

  it('passes on the detail, and where to fix write-back only when it is not ready', async () => {
    expect(await replyTo({ ok: true, value: { detail: 'Connected.' } })).toEqual({
      ok: true,
      detail: 'Connected.',
    });
    expect(await replyTo({ ok: true, value: { detail: 'Connected.', writeBack: { ready: true } } })).toEqual({
      ok: true,
      detail: 'Connected.',
    });
    const notReady = { ready: false, missing: 'a scope', fix: 'platform' } as const;
    expect(
      await replyTo({ ok: true, value: { detail: 'Connected; not ready.', writeBack: notReady } }),
    ).toEqual({
      ok: true,
      detail: 'Connected; not ready.',
      writeBackFix: 'platform',
    });
  });

  it('says why the check failed, in the same field', async () => {
    expect(
      await replyTo({ ok: false, error: { kind: 'auth', message: 'HubSpot rejected the token.' } }),
    ).toEqual({
      ok: false,
      detail: 'HubSpot rejected the token.',
    });
  });
});
