/**
 * The part of the settings the sidebar needs (`sidebar.config` reply): the outcome taxonomy, the
 * team's definitions and the SLA. No secrets. Parsed at the boundary; anything unusable falls
 * back to the defaults field by field, so a half-broken reply still gives a working sidebar.
 */
import { z } from 'zod';
import { DEFAULT_DEFINITIONS, DEFAULT_OUTCOMES, OutcomeType, SlaSettings } from '../settings/schema';

export const SidebarConfig = z.object({
  outcomes: z
    .array(OutcomeType)
    .min(1)
    .max(20)
    .catch(() => DEFAULT_OUTCOMES.map((type) => ({ ...type }))),
  definitions: z.record(z.string().max(100), z.string().max(1000)).catch(() => ({ ...DEFAULT_DEFINITIONS })),
  sla: SlaSettings.catch(() => SlaSettings.parse({})),
  /** Display name of the salesperson, for "by you" on outcomes. */
  you: z.string().max(200).catch(''),
});
export type SidebarConfig = z.infer<typeof SidebarConfig>;

export function defaultSidebarConfig(): SidebarConfig {
  return parseSidebarConfig({});
}

export function parseSidebarConfig(raw: unknown): SidebarConfig {
  const input = raw !== null && typeof raw === 'object' ? raw : {};
  return SidebarConfig.parse({
    outcomes: DEFAULT_OUTCOMES,
    definitions: DEFAULT_DEFINITIONS,
    sla: {},
    you: '',
    ...input,
  });
}

/** The part of the `sidebar.config` reply that says, per site, whether the sidebar was left open. */
export interface OpenBySite {
  sidebar?: { openBySite?: Record<string, boolean> };
}

/** Whether the sidebar starts open on `site`: as the user left it there, open at first. */
export function openOnSite(reply: OpenBySite, site: string): boolean {
  return reply.sidebar?.openBySite?.[site] ?? true;
}
