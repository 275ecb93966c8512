/**
 * What the activity generators share: the lead being written, its random stream, the clock, and
 * `add`, which appends one touchpoint to its history.
 */
import type { Touchpoint } from '../model';
import { CAMPAIGNS, type CampaignId, type PageId } from './data';
import type { Rng } from './prng';
import type { Person } from './people';
import { SECOND } from './time';

/** How far back the sample's history goes. */
export const HISTORY_DAYS = 180;

export interface Link {
  label: string;
  page: PageId;
}

export interface Send {
  campaign: CampaignId;
  subject: string;
  at: number;
  links: Link[];
}

export interface Context {
  person: Person;
  rng: Rng;
  now: number;
  /** Midnight UTC of `now`'s day, so that scheduled sends land at plausible hours. */
  today: number;
  out: Touchpoint[];
}

/** Days after the lead was created on which each nurture email goes out. */
export const NURTURE_DAYS = [0, 2, 5, 9, 14] as const;

/** The campaign calendar: days before `now`'s day and the UTC hour. */
export const SCHEDULE = {
  webinarLoop: { invites: [60, 52], day: 46, hour: 16 },
  webinarPipeline: { invites: [23, 15], day: 9, hour: 16 },
  whitepaper: { day: 75, hour: 13 },
  productUpdate: { day: 28, hour: 16 },
  tradeShow: { day: 75 },
} as const;

export function add(
  { person, out }: Context,
  kind: Touchpoint['kind'],
  at: number,
  fields: { campaign?: CampaignId; title: string; url?: string; detail?: string },
): void {
  const campaign = fields.campaign ? CAMPAIGNS[fields.campaign] : undefined;
  const touchpoint: Touchpoint = {
    id: `smp-${person.index + 1}-${out.length + 1}`,
    leadEmail: person.email,
    occurredAt: new Date(Math.round(at / SECOND) * SECOND).toISOString(),
    kind,
    title: fields.title,
    url: fields.url,
    source: 'local',
  };
  if (campaign) touchpoint.campaign = { id: campaign.id, name: campaign.name, channel: campaign.channel };
  if (fields.detail) touchpoint.detail = fields.detail;
  out.push(touchpoint);
}
