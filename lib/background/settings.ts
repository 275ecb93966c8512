/** Settings and connection-test handlers; extension pages only (the router enforces it). */
import { browser } from 'wxt/browser';
import type { Connector } from '../connectors/types';
import type { SourceId } from '../model';
import { MessageError } from '../messaging/router';
import type { Settings } from '../settings/schema';
import {
  exportSettings,
  importSettings,
  maskedSettings,
  mergeSecrets,
  saveSettings,
  SettingsError,
} from '../settings/store';

export interface SettingsHandlerDeps {
  settings: () => Promise<Settings>;
  connectorFor: (source: SourceId, settings: Settings) => Promise<Connector>;
}

export function createSettingsHandlers({ settings, connectorFor }: SettingsHandlerDeps) {
  async function save(next: unknown) {
    try {
      const saved = await saveSettings(browser.storage.local, mergeSecrets(next, await settings()));
      return maskedSettings(saved);
    } catch (error) {
      if (error instanceof SettingsError) throw new MessageError('bad_request', error.message);
      throw error;
    }
  }

  return {
    async 'settings.get'() {
      return maskedSettings(await settings());
    },
    async 'settings.save'({ settings: next }: { settings: unknown }) {
      return save(next);
    },
    async 'settings.export'() {
      return exportSettings(await settings());
    },
    async 'settings.import'({ json }: { json: string }) {
      try {
        return save(importSettings(json, await settings()));
      } catch (error) {
        if (error instanceof SettingsError) throw new MessageError('bad_request', error.message);
        throw error;
      }
    },
    async 'source.test'({ source }: { source: SourceId }) {
      const current = await settings();
      const connector = await connectorFor(source, current);
      const result = await connector.test();
      return result.ok ? { ok: true, detail: result.detail } : { ok: false, detail: result.message };
    },
  };
}
