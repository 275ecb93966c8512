/** What the popup and options page show about each source. */
import { browser } from 'wxt/browser';
import { hostPatternsFor } from '../permissions';
import { SOURCE_IDS, SOURCE_NAMES, type SourceId } from '../model';
import type { SourceState } from '../messaging/protocol';
import type { Settings } from '../settings/schema';

export function isConfigured(source: SourceId, settings: Settings): boolean {
  const s = settings.sources;
  switch (source) {
    case 'local':
      return true;
    case 'hubspot':
      return s.hubspot.token.length > 0;
    case 'marketo':
      return (
        s.marketo.baseUrl.length > 0 && s.marketo.clientId.length > 0 && s.marketo.clientSecret.length > 0
      );
    case 'mailchimp':
      return /-[a-z]+\d+$/.test(s.mailchimp.apiKey);
    case 'rest':
      return s.rest.baseUrl.length > 0;
  }
}

export async function sourceStates(settings: Settings): Promise<SourceState[]> {
  return Promise.all(
    SOURCE_IDS.map(async (source) => {
      const patterns = hostPatternsFor(source, settings);
      const origins = patterns.ok ? patterns.value : [];
      const permission =
        source === 'local' ? true : origins.length > 0 && (await browser.permissions.contains({ origins }));
      return {
        source,
        label: SOURCE_NAMES[source],
        enabled: settings.sources[source].enabled,
        permission,
        configured: isConfigured(source, settings),
        ...(patterns.ok ? {} : { lastError: patterns.message }),
      } satisfies SourceState;
    }),
  );
}
