/**
 * Mailchimp's words, written once for the connector (./touchpoints.ts) and the import of
 * Mailchimp's activity export (lib/workspace/presets/mailchimp-email.ts): activity types and
 * what they mean, and the campaign an email belongs to. Pure.
 */
import type { Channel, TouchpointKind } from '../../model';
import { typeKey } from '../vocabulary';

export interface ActivityMeaning {
  kind: TouchpointKind;
  /** "Opened …", for activities about one campaign; otherwise `title` is the whole title. */
  verb?: string;
  title?: string;
}

const SIGNED_UP: ActivityMeaning = { kind: 'form_submit', title: 'Signed up' };

/**
 * Activity types by their loose key (typeKey): the member activity feed's `activity_type`
 * ("open", "unsub", "website_signup") and the export's "Action" column ("Opened", "Hard Bounce").
 */
const ACTIVITIES: Readonly<Record<string, ActivityMeaning>> = {
  open: { kind: 'email_open', verb: 'Opened' },
  opened: { kind: 'email_open', verb: 'Opened' },
  click: { kind: 'email_click', verb: 'Clicked' },
  clicked: { kind: 'email_click', verb: 'Clicked' },
  sent: { kind: 'email_sent', verb: 'Sent' },
  send: { kind: 'email_sent', verb: 'Sent' },
  bounce: { kind: 'other', title: 'Email bounced' },
  bounced: { kind: 'other', title: 'Email bounced' },
  hardbounce: { kind: 'other', title: 'Email bounced' },
  softbounce: { kind: 'other', title: 'Email bounced (soft)' },
  unsub: { kind: 'other', title: 'Unsubscribed' },
  unsubscribe: { kind: 'other', title: 'Unsubscribed' },
  unsubscribed: { kind: 'other', title: 'Unsubscribed' },
  abuse: { kind: 'other', title: 'Marked an email as spam' },
  signup: SIGNED_UP,
  websitesignup: SIGNED_UP,
  landingpagesignup: SIGNED_UP,
  genericsignup: SIGNED_UP,
  ecommercesignup: SIGNED_UP,
  squattersignup: SIGNED_UP,
  surveyresponse: SIGNED_UP,
};

/** What an activity type means; undefined when Mailchimp's vocabulary has no such type. */
export function activity(type: string): ActivityMeaning | undefined {
  return ACTIVITIES[typeKey(type)];
}

/** "Opened “March newsletter”", or the activity's own title ("Email bounced"). */
export function activityTitle(meaning: ActivityMeaning, about: string | undefined, fallback: string): string {
  return meaning.verb ? `${meaning.verb} “${about ?? fallback}”` : meaning.title!;
}

/**
 * A campaign Mailchimp sent. Mailchimp says it is an email, so its channel is email whatever its
 * name suggests; the id is the same whether it came through the API or an export.
 */
export function emailCampaign(
  campaignId: string,
  name: string,
): { id: string; name: string; channel: Channel } {
  return { id: `mailchimp-campaign-${campaignId}`, name, channel: 'email' };
}
