/**
 * Every platform Loopline reads from and writes back to, listed once. Model ids, settings,
 * manifest hosts, permissions, labels, the Options source list, the report's source filter, the
 * limiter and the order in which sources win are all derived from this list
 * (./registry.test.ts checks that nothing is listed anywhere else). The connectors themselves
 * are attached in ./index.ts, which only the background imports.
 *
 * The content scripts import the manifest, which imports this module: every list derived here
 * at load time is marked pure, so that the bundler drops it (and the zod schemas behind it) there.
 */
import type { PlatformDefinition } from './definition';
import { hubspot } from './hubspot/definition';
import { local } from './local/definition';
import { mailchimp } from './mailchimp/definition';
import { marketo } from './marketo/definition';
import { rest } from './rest/definition';

/**
 * The platforms, in priority order: when two disagree about a lead's field, the earlier one
 * wins, and an outcome is written back to the first one that knows the lead. A marketing
 * platform is the system of record for the lead's stage and status, and the one whose status
 * the outcome changes, so what the sidebar shows is what the write-back will update; a team's
 * own REST backend comes after them (it usually mirrors one of them).
 */
export const REMOTE_PLATFORMS = [hubspot, marketo, mailchimp, rest] as const;

/**
 * Every source as Options, the popup and the report list them: the local workspace first (it
 * is always there), then the platforms. In priority the local workspace comes last: imports and
 * the sample are copies, and outcomes stay there only when no platform knows the lead.
 */
export const PLATFORMS = /* @__PURE__ */ (() => [local, ...REMOTE_PLATFORMS] as const)();

export type Platform = (typeof PLATFORMS)[number];
export type PlatformId = Platform['id'];
export type RemotePlatformId = (typeof REMOTE_PLATFORMS)[number]['id'];

export const PLATFORM_IDS: readonly PlatformId[] = /* @__PURE__ */ PLATFORMS.map((p) => p.id);
export const REMOTE_PLATFORM_IDS: readonly RemotePlatformId[] = /* @__PURE__ */ REMOTE_PLATFORMS.map(
  (p) => p.id,
);

/** When two sources disagree on a field, the earlier one in this list wins. */
export const SOURCE_PRIORITY: readonly PlatformId[] = /* @__PURE__ */ (() => [
  ...REMOTE_PLATFORM_IDS,
  local.id,
])();

type ById = { [P in Platform as P['id']]: P };

/** The definition of a platform, typed by its id. */
export function platform<Id extends PlatformId>(id: Id): ById[Id] {
  return PLATFORMS.find((candidate) => candidate.id === id) as ById[Id];
}

/**
 * The definition of a platform whose id is only known at run time, to call with its part of the
 * settings (`settings.sources[id]`), which its own callbacks then read with their own types.
 */
export function definitionOf(id: PlatformId): PlatformDefinition {
  return platform(id);
}
