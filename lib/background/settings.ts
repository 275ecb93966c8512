/** Settings and connection-test handlers; extension pages only (the router enforces it). */
import type { Connector } from '../connectors/types';
import type { SourceId } from '../model';
import { MessageError } from '../messaging/router';
import type { SettingsReply } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import {
  exportSettings,
  importSettings,
  maskedSettings,
  mergeSecrets,
  SettingsError,
  type LoadedSettings,
} from '../settings/store';

export interface SettingsHandlerDeps {
  /** The settings in force, and why the stored ones could not be read if they could not. */
  loaded: () => Promise<LoadedSettings>;
  /** Validate, store and announce new settings (the background's one way to write them). */
  save: (next: unknown) => Promise<Settings>;
  connectorFor: (source: SourceId, settings: Settings) => Promise<Connector>;
}

export function createSettingsHandlers({ loaded, save, connectorFor }: SettingsHandlerDeps) {
  const reply = (settings: Settings, notices: string[] = [], problem?: string): SettingsReply => ({
    settings: maskedSettings(settings),
    notices,
    ...(problem ? { problem } : {}),
  });

  /** Store settings whose secrets were merged in; a refusal is the user's to fix, said plainly. */
  async function store(next: unknown, notices: string[]): Promise<SettingsReply> {
    try {
      return reply(await save(next), notices);
    } catch (error) {
      if (error instanceof SettingsError) throw new MessageError('bad_request', error.message);
      throw error;
    }
  }

  return {
    async 'settings.get'() {
      const { settings, problem } = await loaded();
      return reply(settings, [], problem);
    },
    async 'settings.save'({ settings: next }: { settings: unknown }) {
      const merged = mergeSecrets(next, (await loaded()).settings);
      return store(merged.value, merged.notices);
    },
    async 'settings.export'() {
      return exportSettings((await loaded()).settings);
    },
    async 'settings.import'({ json }: { json: string }) {
      let imported;
      try {
        imported = importSettings(json, (await loaded()).settings);
      } catch (error) {
        if (error instanceof SettingsError) throw new MessageError('bad_request', error.message);
        throw error;
      }
      return store(imported.settings, imported.notices);
    },
    async 'source.test'({ source }: { source: SourceId }) {
      const { settings } = await loaded();
      const connector = await connectorFor(source, settings);
      const result = await connector.test();
      return result.ok ? { ok: true, detail: result.detail } : { ok: false, detail: result.message };
    },
  };
}
