/**
 * Marketo's words, written once for the connector (./touchpoints.ts) and the import of Marketo's
 * activity log (lib/workspace/presets/marketo-activity.ts): activity types and what they mean,
 * program status changes, program channels, and bot activity. Pure.
 */
import type { Channel, TouchpointKind } from '../../model';
import { guessChannel, typeKey } from '../vocabulary';

export type ActivityMeaning =
  | { kind: TouchpointKind; verb: string }
  /** The kind depends on the new status and the program ("Change Status in Progression"). */
  | 'progression'
  /** Repeats another activity ("Email Delivered" after "Send Email"). */
  | 'skip';

/**
 * Marketo's standard activity types by their loose key (typeKey). Instances add their own
 * (custom activities), so an unknown type is not an error: each path keeps it as "other".
 */
const ACTIVITY_TYPES: Readonly<Record<string, ActivityMeaning>> = {
  visitwebpage: { kind: 'page_view', verb: 'Visited' },
  filloutform: { kind: 'form_submit', verb: 'Filled out' },
  filloutlinkedinleadgenform: { kind: 'form_submit', verb: 'Filled out LinkedIn form' },
  filloutfacebookleadadsform: { kind: 'form_submit', verb: 'Filled out Facebook form' },
  clicklink: { kind: 'other', verb: 'Clicked a link on' },
  sendemail: { kind: 'email_sent', verb: 'Sent' },
  openemail: { kind: 'email_open', verb: 'Opened' },
  clickemail: { kind: 'email_click', verb: 'Clicked' },
  sendsalesemail: { kind: 'email_sent', verb: 'Sent sales email' },
  opensalesemail: { kind: 'email_open', verb: 'Opened sales email' },
  clicksalesemail: { kind: 'email_click', verb: 'Clicked sales email' },
  emailbounced: { kind: 'other', verb: 'Email bounced:' },
  emailbouncedsoft: { kind: 'other', verb: 'Email bounced (soft):' },
  unsubscribeemail: { kind: 'other', verb: 'Unsubscribed from' },
  emaildelivered: 'skip',
  registeredforwebinar: { kind: 'webinar_registered', verb: 'Registered for' },
  registerforwebinar: { kind: 'webinar_registered', verb: 'Registered for' },
  webinarregistration: { kind: 'webinar_registered', verb: 'Registered for' },
  attendedwebinar: { kind: 'webinar_attended', verb: 'Attended' },
  attendwebinar: { kind: 'webinar_attended', verb: 'Attended' },
  attendedevent: { kind: 'event_attended', verb: 'Attended' },
  attendevent: { kind: 'event_attended', verb: 'Attended' },
  visitedbooth: { kind: 'event_attended', verb: 'Visited booth at' },
  changestatusinprogression: 'progression',
  addtolist: { kind: 'list_added', verb: 'Added to list' },
  changescore: { kind: 'score_change', verb: 'Score changed:' },
  changerevenuestage: { kind: 'stage_change', verb: 'Revenue stage changed:' },
  changeleadstatus: { kind: 'stage_change', verb: 'Lead status changed:' },
  clickad: { kind: 'ad_click', verb: 'Clicked ad' },
  adinteraction: { kind: 'ad_click', verb: 'Clicked ad' },
  newlead: { kind: 'other', verb: 'Created as a lead:' },
  interestingmoment: { kind: 'other', verb: 'Interesting moment:' },
};

/** What an activity type (by its name, "Fill Out Form") means; undefined for custom types. */
export function activityType(name: string): ActivityMeaning | undefined {
  return ACTIVITY_TYPES[typeKey(name)];
}

/**
 * A program's channel from a name: the channel Marketo names (each instance names its own,
 * "Tradeshow", "Webinar", "Online Advertising") or, when none is known, the program's name.
 */
export function programChannel(name: string | undefined): Channel {
  return guessChannel(name, 'other');
}

/**
 * A program status change ("Registered", "Attended", "Webinar > Attended") in a program of
 * `channel`: attending a webinar or an event, registering for a webinar; anything else
 * ("Member", "Invited", attending a nurture) is "other".
 */
export function progressionKind(status: string, channel: Channel): TouchpointKind {
  if (/\battend/i.test(status)) {
    if (channel === 'webinar') return 'webinar_attended';
    if (channel === 'event') return 'event_attended';
    return 'other';
  }
  if (/\bregist/i.test(status) && channel === 'webinar') return 'webinar_registered';
  return 'other';
}

/** The machine reason of an activity Marketo flagged as a bot's, with the pattern it matched. */
export function botReason(pattern: string | undefined): string {
  return `Marketo flagged bot activity${pattern ? ` (${pattern})` : ''}`;
}
