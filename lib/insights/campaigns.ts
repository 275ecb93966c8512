/**
 * Which campaigns touched the lead, and which get the credit for an outcome. A "touch" is
 * something the lead did in a campaign (open, click, visit, form, attendance); sends and list
 * additions are marketing's doing and likely machine activity is nobody's, so neither earns
 * first-touch or last-touch credit.
 */
import type { Attribution, Channel, Touchpoint } from '../model';
import { isHumanEngagement, timeOf } from './kinds';
import { withMachineFlags } from './machine';
import type { CampaignEngagement } from './types';

const DAY_MS = 86_400_000;

export type AttributionModel = 'first' | 'last' | 'linear';

interface Row {
  campaignId: string;
  name: string;
  channel: Channel;
  touches: number;
  sent: number;
  firstTouch: number;
  lastTouch: number;
  firstSeen: number;
  lastSeen: number;
  /** Time of the latest touchpoint seen, so the newest name and channel win. */
  namedAt: number;
}

/** One row per campaign that reached the lead, most recently active first. */
export function byCampaign(touchpoints: readonly Touchpoint[]): CampaignEngagement[] {
  const rows = new Map<string, Row>();
  let first: { at: number; id: string } | undefined;
  let last: { at: number; id: string } | undefined;

  for (const touchpoint of withMachineFlags(touchpoints)) {
    const { campaign } = touchpoint;
    const at = timeOf(touchpoint);
    if (!campaign || touchpoint.machine || !Number.isFinite(at)) continue;
    let row = rows.get(campaign.id);
    if (!row) {
      row = {
        campaignId: campaign.id,
        name: campaign.name,
        channel: campaign.channel,
        touches: 0,
        sent: 0,
        firstTouch: Infinity,
        lastTouch: -Infinity,
        firstSeen: Infinity,
        lastSeen: -Infinity,
        namedAt: -Infinity,
      };
      rows.set(campaign.id, row);
    }
    if (at >= row.namedAt) {
      row.name = campaign.name;
      row.channel = campaign.channel;
      row.namedAt = at;
    }
    row.firstSeen = Math.min(row.firstSeen, at);
    row.lastSeen = Math.max(row.lastSeen, at);
    if (touchpoint.kind === 'email_sent') row.sent++;
    if (!isHumanEngagement(touchpoint)) continue;
    row.touches++;
    row.firstTouch = Math.min(row.firstTouch, at);
    row.lastTouch = Math.max(row.lastTouch, at);
    if (!first || at < first.at) first = { at, id: campaign.id };
    if (!last || at >= last.at) last = { at, id: campaign.id };
  }

  return [...rows.values()]
    .map((row) => {
      const touched = row.touches > 0;
      return {
        campaignId: row.campaignId,
        name: row.name,
        channel: row.channel,
        touches: row.touches,
        sent: row.sent,
        firstAt: new Date(touched ? row.firstTouch : row.firstSeen).toISOString(),
        lastAt: new Date(touched ? row.lastTouch : row.lastSeen).toISOString(),
        isFirstTouch: first?.id === row.campaignId,
        isLastTouch: last?.id === row.campaignId,
      };
    })
    .sort(
      (a, b) =>
        Number(b.touches > 0) - Number(a.touches > 0) ||
        b.lastAt.localeCompare(a.lastAt) ||
        a.name.localeCompare(b.name),
    );
}

/**
 * The campaigns that touched the lead in the `windowDays` up to and including `before` (the
 * moment an outcome is recorded), in order of their first touch in the window.
 */
export function attributionFor(
  touchpoints: readonly Touchpoint[],
  before: Date,
  windowDays: number,
): Attribution {
  const end = before.getTime();
  const start = end - windowDays * DAY_MS;
  const touches: CampaignTouch[] = [];
  for (const touchpoint of withMachineFlags(touchpoints)) {
    const at = timeOf(touchpoint);
    if (!touchpoint.campaign || !isHumanEngagement(touchpoint) || !(at >= start && at <= end)) continue;
    touches.push({ at, campaignId: touchpoint.campaign.id, name: touchpoint.campaign.name });
  }
  touches.sort((a, b) => a.at - b.at);
  return attributionOfSorted(touches);
}

export interface CampaignTouch {
  at: number;
  campaignId: string;
  name: string;
}

/** Attribution from touches already in time order (the report's indexed path shares this). */
export function attributionOfSorted(touches: readonly CampaignTouch[]): Attribution {
  const counts = new Map<string, { campaignId: string; name: string; count: number }>();
  for (const touch of touches) {
    const entry = counts.get(touch.campaignId);
    if (entry) {
      entry.count++;
      entry.name = touch.name;
    } else {
      counts.set(touch.campaignId, { campaignId: touch.campaignId, name: touch.name, count: 1 });
    }
  }
  const attribution: Attribution = { touches: [...counts.values()] };
  const first = touches[0];
  const last = touches[touches.length - 1];
  if (first) attribution.firstTouch = first.campaignId;
  if (last) attribution.lastTouch = last.campaignId;
  return attribution;
}

/**
 * Shares of one outcome's credit per campaign, summing to 1 (or empty when no campaign touched
 * the lead). Linear gives every touch in the window an equal share, so a campaign's share is
 * its touches over all touches: a lead who engaged three times with the webinar and once with
 * the newsletter credits them ¾ and ¼.
 */
export function creditShares(attribution: Attribution, model: AttributionModel): Map<string, number> {
  const shares = new Map<string, number>();
  if (model === 'first' || model === 'last') {
    const id = model === 'first' ? attribution.firstTouch : attribution.lastTouch;
    if (id !== undefined) shares.set(id, 1);
    return shares;
  }
  const total = attribution.touches.reduce((sum, touch) => sum + Math.max(0, touch.count), 0);
  if (total === 0) return shares;
  for (const touch of attribution.touches) {
    if (touch.count > 0)
      shares.set(touch.campaignId, (shares.get(touch.campaignId) ?? 0) + touch.count / total);
  }
  return shares;
}
