/**
 * HubSpot's words, written once for the connector (./touchpoints.ts) and the import of HubSpot's
 * exports (lib/workspace/presets/hubspot-*.ts): email event types and what they mean, the titles
 * they read as, the campaign an email belongs to, and when an event is a machine's. Pure.
 */
import type { Channel, TouchpointKind } from '../../model';
import { typeKey } from '../vocabulary';

export interface EmailEventMeaning {
  kind: TouchpointKind;
  /** "Opened …", for events about one email; otherwise `title` is the whole title. */
  verb?: string;
  title?: string;
}

/**
 * Email event types by their loose key (typeKey). SENT is the send; DELIVERED, PROCESSED and
 * DEFERRED follow every send, so keeping them would show each email several times: skipped.
 * Exports spell some types as past participles ("Opened"), the API as nouns ("OPEN").
 */
const EMAIL_EVENTS: Readonly<Record<string, EmailEventMeaning | 'skip'>> = {
  sent: { kind: 'email_sent', verb: 'Sent' },
  open: { kind: 'email_open', verb: 'Opened' },
  opened: { kind: 'email_open', verb: 'Opened' },
  click: { kind: 'email_click', verb: 'Clicked' },
  clicked: { kind: 'email_click', verb: 'Clicked' },
  bounce: { kind: 'other', title: 'Email bounced' },
  bounced: { kind: 'other', title: 'Email bounced' },
  spamreport: { kind: 'other', title: 'Marked an email as spam' },
  unsubscribed: { kind: 'other', title: 'Unsubscribed' },
  statuschange: { kind: 'other', title: 'Changed email subscription' },
  forward: { kind: 'other', title: 'Forwarded an email' },
  print: { kind: 'other', title: 'Printed an email' },
  dropped: { kind: 'other', title: 'Email not sent (dropped)' },
  mtadropped: { kind: 'other', title: 'Email not sent (dropped)' },
  delivered: 'skip',
  processed: 'skip',
  deferred: 'skip',
  unbounce: 'skip',
  suppressed: 'skip',
};

/** What an email event type means; 'skip' for the ones that repeat the send, undefined if unknown. */
export function emailEvent(type: string): EmailEventMeaning | 'skip' | undefined {
  return EMAIL_EVENTS[typeKey(type)];
}

/** "Opened “Spring launch”", or the event's own title ("Email bounced"). */
export function emailEventTitle(event: EmailEventMeaning, about: string | undefined): string {
  return event.verb ? `${event.verb} “${about ?? 'an email'}”` : event.title!;
}

/**
 * A marketing email's campaign. HubSpot says it is an email, so its channel is email whatever
 * its name suggests; the id is the same whether it came through the API or an export.
 */
export function emailCampaign(
  campaignId: string | number,
  name: string,
): { id: string; name: string; channel: Channel } {
  return { id: `hubspot-email-${campaignId}`, name, channel: 'email' };
}

const ROBOT = /robot|bot\b|crawler|spider/i;

/** An event HubSpot filtered from reporting or saw come from a robot is a machine's. */
export function machineOf(
  filtered: boolean,
  userAgents: readonly (string | undefined)[],
): { machine: true; machineReason: string } | Record<string, never> {
  if (filtered)
    return { machine: true, machineReason: 'HubSpot filtered it from reporting (bot or security scanner)' };
  if (userAgents.some((agent) => agent && ROBOT.test(agent)))
    return { machine: true, machineReason: 'HubSpot saw a robot user agent' };
  return {};
}

/** "Submitted “Pricing guide”", for a form submission from either path. */
export function formTitle(formName: string | undefined): string {
  return formName ? `Submitted “${formName}”` : 'Submitted a form';
}
