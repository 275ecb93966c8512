/**
 * Mailchimp's email activity export: one row per open, click, send or bounce, in the Mailchimp
 * connector's vocabulary (lib/connectors/mailchimp/vocabulary.ts).
 */
import { activity, activityTitle, emailCampaign } from '../../connectors/mailchimp/vocabulary';
import { fullName, webUrl } from './shared';
import type { CsvPreset } from './types';

type MailchimpField =
  'email' | 'action' | 'timestamp' | 'campaign' | 'subject' | 'campaignId' | 'url' | 'firstName' | 'lastName';

export const MAILCHIMP_EMAIL: CsvPreset<MailchimpField> = {
  id: 'mailchimp-email',
  format: 'csv',
  label: 'Mailchimp email activity export',
  platform: 'mailchimp',
  columns: {
    email: { aliases: ['Email Address', 'Email', 'Email address'], required: true },
    action: { aliases: ['Action', 'Activity'], required: true },
    timestamp: { aliases: ['Timestamp', 'Event Time', 'Date', 'Time'], required: true },
    campaign: { aliases: ['Campaign Title', 'Campaign', 'Campaign Name'] },
    subject: { aliases: ['Subject', 'Subject Line', 'Email Subject'] },
    campaignId: { aliases: ['Campaign ID'] },
    url: { aliases: ['URL', 'Link'] },
    firstName: { aliases: ['First Name', 'FNAME'] },
    lastName: { aliases: ['Last Name', 'LNAME'] },
  },
  signature: ['Action', 'Campaign Title', 'FNAME', 'LNAME', 'Subject Line'],
  defaultChannel: 'email',
  map(row) {
    const email = row.email('email');
    const action = row.required('action');
    const event = activity(action);
    if (!event) {
      throw row.error(
        'action',
        `not a Mailchimp activity (${JSON.stringify(action)}); expected open, click, sent, bounce or unsub`,
      );
    }
    const occurredAt = row.requiredDate('timestamp');
    const campaignId = row.text('campaignId', 100);
    const subject = row.text('subject', 500);
    const name = row.text('campaign', 500) ?? subject ?? (campaignId ? `Campaign ${campaignId}` : undefined);
    return {
      lead: { email, name: fullName(row.text('firstName'), row.text('lastName')) },
      touchpoints: [
        {
          occurredAt,
          kind: event.kind,
          campaign: name
            ? campaignId
              ? emailCampaign(campaignId, name)
              : { name, channel: 'email' }
            : undefined,
          title: activityTitle(event, subject ?? name, 'an email'),
          url: event.kind === 'email_click' ? webUrl(row.text('url')) : undefined,
        },
      ],
    };
  },
};
