/** What the popup and options page show about each source. */
import { browser } from 'wxt/browser';
import { hostPatternsFor } from '../permissions';
import { SOURCE_IDS, SOURCE_NAMES } from '../model';
import type { SourceState } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import { isSourceConfigured, sourcePermitted } from '../leads/sources';

export async function sourceStates(settings: Settings): Promise<SourceState[]> {
  const contains = (origins: string[]) => browser.permissions.contains({ origins });
  return Promise.all(
    SOURCE_IDS.map(async (source) => {
      const patterns = hostPatternsFor(source, settings);
      return {
        source,
        label: SOURCE_NAMES[source],
        enabled: settings.sources[source].enabled,
        permission: await sourcePermitted(source, settings, contains),
        configured: isSourceConfigured(source, settings),
        ...(patterns.ok ? {} : { lastError: patterns.error.message }),
      } satisfies SourceState;
    }),
  );
}
