/**
 * What the background answers for a lead: the merged record, its touchpoints, and the state
 * of every source it came from. This is the one shape the sidebar and popup render.
 */
import { z } from 'zod';
import { Email, IsoDate, Lead, Outcome, SourceId, Touchpoint } from '.';

export const SOURCE_STATES = ['fresh', 'stale', 'refreshing', 'error', 'offline'] as const;

export const SourceStatus = z.object({
  source: SourceId,
  /** "HubSpot", "Sample workspace", … */
  label: z.string().max(100),
  state: z.enum(SOURCE_STATES),
  /** When the data shown from this source was fetched; absent when nothing was ever fetched. */
  fetchedAt: IsoDate.optional(),
  error: z
    .object({
      kind: z.string().max(40),
      message: z.string().max(1000),
    })
    .optional(),
  /**
   * Parts of the lead this source could not deliver with the rest (a secondary call failed), as
   * the sidebar names them: ['list memberships']. What is shown lacks them.
   */
  unavailable: z.array(z.string().max(100)).max(20).optional(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/**
 * Where an outcome for this lead would be written back, and which outcomes cannot be with the
 * current settings (by outcome key: what is missing), so the sidebar says so at the click.
 */
export const WriteBackView = z.object({
  target: SourceId,
  label: z.string().max(100),
  /** The owner is not known yet (a platform did not answer): an outcome waits for it. */
  pending: z.boolean(),
  blocked: z.record(z.string().max(64), z.string().max(500)),
  /** Where the missing part is set up (an Options section). */
  fix: z.enum(['sources', 'outcomes', 'platform']).optional(),
});
export type WriteBackView = z.infer<typeof WriteBackView>;

export const LEAD_VIEW_STATUSES = ['found', 'not_found', 'no_source', 'error'] as const;

export const LeadView = z.object({
  email: Email,
  /**
   * found: at least one source knows the lead. not_found: every source answered and none knows
   * it. no_source: nothing is configured. error: no source answered and nothing is cached.
   */
  status: z.enum(LEAD_VIEW_STATUSES),
  lead: Lead.optional(),
  touchpoints: z.array(Touchpoint),
  sources: z.array(SourceStatus),
  /** Outcomes recorded on this lead, newest first (local log plus the platform's when it has them). */
  outcomes: z.array(Outcome),
  /** True when the data comes from the bundled sample workspace. */
  sample: z.boolean().default(false),
  /** Other people at the lead's company engaged in the last 14 days (for the signals). */
  colleaguesEngaged: z.number().int().nonnegative().default(0),
  writeBack: WriteBackView.optional(),
});
export type LeadView = z.infer<typeof LeadView>;
