/**
 * "My follow-ups": leads this user has looked at whose SLA clock is running or ran out, and
 * the toolbar badge that counts the overdue ones.
 */
import { clockStartFor, firstFollowUpAt, slaStatus } from '../insights/sla';
import type { FollowUp } from '../messaging/protocol';
import type { LeadView } from '../model/view';
import type { Settings } from '../settings/schema';
import type { DB, SeenLead } from '../store/db';

/** The first follow-up on the clock that starts at `mqlAt`, under the one SLA rule. */
export function firstTouchAt(
  view: Pick<LeadView, 'outcomes'>,
  mqlAt: string | undefined,
): string | undefined {
  return firstFollowUpAt(view.outcomes, mqlAt);
}

export async function rememberSeen(db: DB, view: LeadView, now: Date, startStage: string): Promise<void> {
  if (view.status !== 'found' || !view.lead) return;
  const { lead } = view;
  const mqlAt = clockStartFor(lead, startStage);
  const entry: SeenLead = {
    email: lead.email,
    name: lead.name,
    company: lead.company,
    mqlAt,
    firstTouchAt: firstTouchAt(view, mqlAt),
    seenAt: now.toISOString(),
  };
  await db.put('seen', entry);
}

export function followUpsFrom(seen: SeenLead[], settings: Settings, now: Date): FollowUp[] {
  const list: FollowUp[] = [];
  for (const lead of seen) {
    if (!lead.mqlAt) continue;
    // `mqlAt` is already the clock's start and `firstTouchAt` the first follow-up (rememberSeen
    // applied the rule to the full lead), so the stored pair goes through the same rule again.
    const clock = slaStatus({
      lead: { mqlAt: lead.mqlAt },
      outcomes: lead.firstTouchAt ? [{ createdAt: lead.firstTouchAt }] : [],
      now,
      sla: settings.sla,
    });
    if (clock.kind === 'none' || clock.kind === 'stopped') continue;
    list.push({
      email: lead.email,
      name: lead.name,
      company: lead.company,
      mqlAt: clock.startedAt,
      dueAt: clock.dueAt,
      state: clock.kind,
      seenAt: lead.seenAt,
    });
  }
  return list.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
}

export async function listFollowUps(db: DB, settings: Settings, now: Date): Promise<FollowUp[]> {
  return followUpsFrom(await db.getAll('seen'), settings, now);
}
