/**
 * Which sources the background asks about a person, one rule for every kind of question: a
 * lead by address (./service.ts) and people by name (./name-lookup.ts). A source is asked when
 * the user enabled it; a question that must not make a call that is bound to fail (the name
 * search) also wants it configured and its API hosts granted.
 */
import {
  definitionOf,
  REMOTE_PLATFORM_IDS,
  SOURCE_PRIORITY,
  type RemotePlatformId,
} from '../connectors/registry';
import type { SourceId } from '../model';
import { hostPatternsFor } from '../permissions/patterns';
import type { Settings } from '../settings/schema';

/** The enabled platforms, in the one priority (the order outcomes are written back in). */
export function enabledRemoteSources(settings: Settings): RemotePlatformId[] {
  return REMOTE_PLATFORM_IDS.filter((source) => settings.sources[source].enabled);
}

/** Every enabled source, the local workspace included, in SOURCE_PRIORITY order. */
export function enabledSources(settings: Settings): SourceId[] {
  return SOURCE_PRIORITY.filter((source) => settings.sources[source].enabled);
}

/** Whether enough is filled in to try the source (its definition's `isConfigured`). */
export function isSourceConfigured(source: SourceId, settings: Settings): boolean {
  return definitionOf(source).isConfigured(settings.sources[source]);
}

/**
 * Whether the browser lets Loopline reach the source's API hosts as its settings name them:
 * the local workspace needs none; a platform whose settings name no valid host has none to be
 * granted. `contains` is `browser.permissions.contains` over origins, passed in.
 */
export async function sourcePermitted(
  source: SourceId,
  settings: Settings,
  contains: (origins: string[]) => Promise<boolean>,
): Promise<boolean> {
  if (source === 'local') return true;
  const patterns = hostPatternsFor(source, settings);
  return patterns.ok && patterns.value.length > 0 && (await contains(patterns.value));
}
