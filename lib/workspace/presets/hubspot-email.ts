/**
 * HubSpot's marketing email activity export: one row per email event, in the HubSpot connector's
 * vocabulary (lib/connectors/hubspot/vocabulary.ts), so an event reads the same either way.
 */
import { emailCampaign, emailEvent, emailEventTitle, machineOf } from '../../connectors/hubspot/vocabulary';
import { webUrl } from './shared';
import type { CsvPreset, TouchpointDraft } from './types';

/** The export's campaign id is HubSpot's; without one, the campaign is known by its name alone. */
function campaignOf(campaignId: string | undefined, name: string): TouchpointDraft['campaign'] {
  return campaignId ? emailCampaign(campaignId, name) : { name, channel: 'email' };
}

type HubSpotEmailField =
  'email' | 'eventType' | 'date' | 'emailName' | 'subject' | 'campaignId' | 'url' | 'filtered' | 'browser';

export const HUBSPOT_EMAIL: CsvPreset<HubSpotEmailField> = {
  id: 'hubspot-email',
  format: 'csv',
  label: 'HubSpot email activity export',
  platform: 'hubspot',
  columns: {
    email: { aliases: ['Recipient', 'Recipient Email', 'Email', 'Email Address'], required: true },
    eventType: { aliases: ['Event Type', 'Event'], required: true },
    date: { aliases: ['Event Date', 'Created', 'Event Timestamp', 'Timestamp', 'Date'], required: true },
    emailName: { aliases: ['Email Name', 'Email Campaign', 'Campaign Name', 'Campaign'] },
    subject: { aliases: ['Email Subject', 'Subject'] },
    campaignId: { aliases: ['Email Campaign ID', 'Campaign ID', 'emailCampaignId'] },
    url: { aliases: ['URL', 'Link URL', 'Clicked URL', 'Link'] },
    filtered: { aliases: ['Filtered Event', 'Filtered', 'Bot Activity'] },
    browser: { aliases: ['Browser', 'User Agent'] },
  },
  signature: ['Event Type', 'Email Name', 'Email Campaign ID', 'Filtered Event', 'Recipient'],
  defaultChannel: 'email',
  map(row) {
    const email = row.email('email');
    const type = row.required('eventType');
    const event = emailEvent(type);
    if (!event) {
      throw row.error(
        'eventType',
        `not a HubSpot email event type (${JSON.stringify(type)}); expected SENT, OPEN, CLICK, BOUNCE, …`,
      );
    }
    if (event === 'skip') return { skip: `${type} events repeat the send` };
    const occurredAt = row.requiredDate('date');
    const campaignId = row.text('campaignId', 100);
    const subject = row.text('subject', 500);
    const name = row.text('emailName', 500) ?? subject ?? (campaignId ? `Email ${campaignId}` : undefined);
    return {
      lead: { email },
      touchpoints: [
        {
          occurredAt,
          kind: event.kind,
          campaign: name ? campaignOf(campaignId, name) : undefined,
          title: emailEventTitle(event, subject ?? name),
          url: event.kind === 'email_click' ? webUrl(row.text('url')) : undefined,
          ...machineOf(row.flag('filtered') === true, [row.text('browser')]),
        },
      ],
    };
  },
};
