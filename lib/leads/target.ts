/**
 * Where an outcome for a lead is written back, decided once, from the freshest view of the lead:
 * the platform that owns the lead (the first in WRITE_BACK_ORDER whose record the view holds).
 * When no platform knows the lead but one of them did not answer (offline, 5xx, 429), the
 * owner is unknown, not "the outcome log": the outcome waits for that lookup instead of quietly
 * staying local.
 */
import { REMOTE_PLATFORM_IDS, type RemotePlatformId } from '../connectors/registry';
import type { SourceId } from '../model';
import type { LeadView } from '../model/view';

/**
 * The platforms outcomes are written back to, the one that owns a lead first: the registry's
 * priority, the same order in which their fields win when the lead is merged.
 */
export const WRITE_BACK_ORDER = REMOTE_PLATFORM_IDS;
export type WriteBackPlatform = RemotePlatformId;

export type TargetDecision =
  | { pending: false; target: SourceId }
  /** Unknown yet: `waitingFor` did not answer; `target` is the likeliest owner meanwhile. */
  | { pending: true; target: WriteBackPlatform; waitingFor: WriteBackPlatform[] };

export function decideTarget(view: Pick<LeadView, 'lead' | 'sources'>): TargetDecision {
  const known = new Set(view.lead?.refs.map((ref) => ref.source));
  const owner = WRITE_BACK_ORDER.find((source) => known.has(source));
  if (owner) return { pending: false, target: owner };
  const silent = WRITE_BACK_ORDER.filter((source) =>
    view.sources.some(
      (status) => status.source === source && (status.state === 'error' || status.state === 'offline'),
    ),
  );
  if (silent.length > 0) return { pending: true, target: silent[0]!, waitingFor: silent };
  return { pending: false, target: 'local' };
}
