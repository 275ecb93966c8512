/**
 * Finding the people a page names without an address ("Jane Doe" on Outlook on the web), for
 * the sidebar to offer them to the user to confirm: never to take one as the lead by itself.
 * Every source that is enabled, configured and granted its hosts, and that can search by name
 * (`Connector.findByName`), is asked at once, each within a time limit; their matches are merged
 * by address in SOURCE_PRIORITY order, the team's own addresses dropped. A source that fails is
 * named in `failed`, so the sidebar can say which one could not be searched.
 */
import { SOURCE_PRIORITY } from '../connectors/registry';
import { isConnectorError, MAX_NAME_MATCHES, type Connector, type NameMatch } from '../connectors/types';
import { SOURCE_NAMES, type SourceId } from '../model';
import { canonicalEmail } from '../model/email';
import { MAX_NAME_LENGTH } from '../model/person-name';
import type { Settings } from '../settings/schema';
import { enabledSources, isSourceConfigured } from './sources';

/** Longest name looked up: a person's name, not a paragraph a page handed over. */
export const MAX_LOOKUP_NAME = MAX_NAME_LENGTH;
/** How long one source may take before it counts as failed; the others still answer. */
export const NAME_LOOKUP_TIMEOUT_MS = 8000;
/** Longest name, company or title passed on from a source (untrusted text). */
const MAX_FIELD = 200;

/** A person offered for a name: the best source's fields, gaps filled from the others. */
export interface PersonMatch extends NameMatch {
  /** Every source that knows this address, best first; `source` is the first. */
  sources: SourceId[];
}

export interface NameLookupFailure {
  source: SourceId;
  /** For the sidebar: "HubSpot could not be searched: …". */
  message: string;
}

export interface NameLookupResult {
  matches: PersonMatch[];
  /** The sources asked (enabled, configured, granted, able to search names), in priority order. */
  searched: SourceId[];
  failed: NameLookupFailure[];
}

export interface NameLookupDeps {
  settings: () => Promise<Settings>;
  /** The background's connectors (the local workspace's included). */
  connectorFor: (source: SourceId, settings: Settings) => Connector | Promise<Connector>;
  /** Whether the browser grants the source's API hosts (lib/leads/sources.ts, sourcePermitted). */
  permitted: (source: SourceId, settings: Settings) => Promise<boolean>;
  /** The team's own addresses (colleagues are not leads). */
  isTeam: (email: string) => boolean;
  timeoutMs?: number;
  /** Aborts every search (the tab went away). */
  signal?: AbortSignal;
}

/** A name that cannot be looked up: empty, or longer than any person's. */
export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
}

/** The name as it is looked up: spaces collapsed and trimmed; a clear error when unusable. */
export function lookupName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) throw new InvalidNameError('There is no name to look up: it is empty.');
  if (name.length > MAX_LOOKUP_NAME)
    throw new InvalidNameError(
      `A name to look up has at most ${MAX_LOOKUP_NAME} characters; this one has ${name.length}.`,
    );
  return name;
}

const bound = (text: string | undefined): string | undefined => {
  const value = text?.trim().slice(0, MAX_FIELD);
  return value ? value : undefined;
};

/** The sources a name is asked of: enabled, configured, granted, able to search names. */
async function askable(settings: Settings, deps: NameLookupDeps) {
  const candidates = enabledSources(settings).filter((source) => isSourceConfigured(source, settings));
  const granted = await Promise.all(candidates.map((source) => deps.permitted(source, settings)));
  const asked: { source: SourceId; connector: Connector }[] = [];
  const failed: NameLookupFailure[] = [];
  for (const [i, source] of candidates.entries()) {
    if (!granted[i]) continue;
    try {
      const connector = await deps.connectorFor(source, settings);
      if (connector.findByName) asked.push({ source, connector });
    } catch (error) {
      failed.push(failure(source, error));
    }
  }
  return { asked, failed };
}

function failure(source: SourceId, error: unknown): NameLookupFailure {
  const detail = isConnectorError(error) ? error.message : 'an unexpected error';
  return { source, message: `${SOURCE_NAMES[source]} could not be searched: ${detail}` };
}

/** One source's matches, or why it has none: its error, its silence past the time limit. */
async function ask(
  source: SourceId,
  connector: Connector,
  name: string,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<NameMatch[] | NameLookupFailure> {
  outer?.throwIfAborted();
  const controller = new AbortController();
  const label = SOURCE_NAMES[source];
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  // Settled by the answer, the time limit or the caller's abort, whichever comes first: a
  // connector that does not heed its signal is left behind, not waited for.
  const stop = new Promise<NameLookupFailure>((resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException('Timed out', 'TimeoutError'));
      resolve({ source, message: `${label} did not answer within ${seconds} s.` });
    }, timeoutMs);
    onAbort = () => {
      controller.abort(outer?.reason);
      reject(outer?.reason);
    };
    outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([connector.findByName!(name, controller.signal), stop]);
  } catch (error) {
    if (outer?.aborted) throw outer.reason;
    return failure(source, error);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
  }
}

/**
 * The people the sources know under `name`, at most MAX_NAME_MATCHES, each address once with
 * the fields of the highest-priority source that has them; the team's own and unusable
 * addresses dropped. Throws InvalidNameError for an empty or overlong name, before any call.
 */
export async function findPeopleByName(name: string, deps: NameLookupDeps): Promise<NameLookupResult> {
  const wanted = lookupName(name);
  const settings = await deps.settings();
  const { asked, failed } = await askable(settings, deps);
  const searched = asked.map(({ source }) => source);
  if (asked.length === 0) return { matches: [], searched, failed };
  const timeoutMs = deps.timeoutMs ?? NAME_LOOKUP_TIMEOUT_MS;
  const answers = await Promise.all(
    asked.map(({ source, connector }) => ask(source, connector, wanted, timeoutMs, deps.signal)),
  );

  const bySource = new Map<SourceId, NameMatch[]>();
  asked.forEach(({ source }, i) => {
    const answer = answers[i]!;
    if (Array.isArray(answer)) bySource.set(source, answer);
    else failed.push(answer);
  });
  failed.sort((a, b) => SOURCE_PRIORITY.indexOf(a.source) - SOURCE_PRIORITY.indexOf(b.source));

  const merged = new Map<string, PersonMatch>();
  for (const source of SOURCE_PRIORITY) {
    for (const match of bySource.get(source) ?? []) {
      const email = canonicalEmail(match.email);
      if (!email || deps.isTeam(email)) continue;
      const fields = { name: bound(match.name), company: bound(match.company), title: bound(match.title) };
      const known = merged.get(email);
      if (known) {
        if (!known.sources.includes(source)) known.sources.push(source);
        if (!known.company && fields.company) known.company = fields.company;
        if (!known.title && fields.title) known.title = fields.title;
        continue;
      }
      if (merged.size >= MAX_NAME_MATCHES) continue;
      merged.set(email, {
        email,
        name: fields.name ?? wanted,
        ...(fields.company ? { company: fields.company } : {}),
        ...(fields.title ? { title: fields.title } : {}),
        source,
        sources: [source],
      });
    }
  }
  return { matches: [...merged.values()], searched, failed };
}
