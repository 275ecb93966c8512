/** What the popup and options page show about each source. */
import { browser } from 'wxt/browser';
import { definitionOf } from '../connectors/registry';
import { hostPatternsFor } from '../permissions';
import { SOURCE_IDS, SOURCE_NAMES, type SourceId } from '../model';
import type { SourceState } from '../messaging/protocol';
import type { Settings } from '../settings/schema';

/** Whether enough is filled in to try the source (its definition's `isConfigured`). */
export function isConfigured(source: SourceId, settings: Settings): boolean {
  return definitionOf(source).isConfigured(settings.sources[source]);
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
        ...(patterns.ok ? {} : { lastError: patterns.error.message }),
      } satisfies SourceState;
    }),
  );
}
