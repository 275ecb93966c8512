/**
 * Marketo's activity log export, in the Marketo connector's vocabulary
 * (lib/connectors/marketo/vocabulary.ts): an activity gets the same kind, and its program the
 * same channel, whether it came through the API or this file.
 */
import {
  activityType,
  botReason,
  programChannel,
  progressionKind,
} from '../../connectors/marketo/vocabulary';
import { formKind } from '../../connectors/vocabulary';
import { fullName, webUrl } from './shared';
import type { CsvPreset } from './types';

type MarketoField =
  | 'email'
  | 'leadId'
  | 'activityId'
  | 'date'
  | 'type'
  | 'detail'
  | 'campaign'
  | 'url'
  | 'bot'
  | 'botPattern'
  | 'firstName'
  | 'lastName'
  | 'company';

export const MARKETO_ACTIVITY: CsvPreset<MarketoField> = {
  id: 'marketo-activity',
  format: 'csv',
  label: 'Marketo activity log export',
  platform: 'marketo',
  columns: {
    email: { aliases: ['Email Address', 'Email'], required: true },
    leadId: { aliases: ['Lead ID', 'Marketo Lead ID'] },
    // Only an explicitly named activity id: a bare "ID" column is the lead's in some exports,
    // and keying activities by it would fold a lead's whole history into one touchpoint.
    activityId: { aliases: ['Activity ID', 'Marketo Activity ID'] },
    date: {
      aliases: ['Activity Date', 'Date/Time', 'Activity Date/Time', 'Activity Timestamp'],
      required: true,
    },
    type: { aliases: ['Activity Type', 'Activity Type Name'], required: true },
    detail: { aliases: ['Detail', 'Details', 'Primary Attribute Value'] },
    campaign: { aliases: ['Campaign Name', 'Campaign', 'Program Name', 'Program'] },
    url: { aliases: ['Webpage URL', 'URL', 'Link'] },
    bot: { aliases: ['Bot Activity', 'Is Bot Activity'] },
    botPattern: { aliases: ['Bot Activity Pattern'] },
    firstName: { aliases: ['First Name'] },
    lastName: { aliases: ['Last Name'] },
    company: { aliases: ['Company Name', 'Company'] },
  },
  signature: [
    'Activity Type',
    'Lead ID',
    'Activity Date',
    'Bot Activity',
    'Is Bot Activity',
    'Activity ID',
    'Detail',
  ],
  defaultChannel: 'other',
  map(row) {
    const email = row.email('email');
    const type = row.required('type', 200);
    const mapping = activityType(type) ?? { kind: 'other', verb: `${type}:` };
    if (mapping === 'skip') return { skip: `${type} repeats the send` };
    const occurredAt = row.requiredDate('date');
    const detail = row.text('detail');
    const campaignName = row.text('campaign', 500);
    const leadId = row.text('leadId', 200);
    const activityId = row.text('activityId', 200);
    const bot = row.flag('bot') === true;
    const pattern = row.text('botPattern', 100);
    // The program's channel, as the connector reads a program's; a status that names it
    // ("Webinar > Attended") speaks for a program whose name says nothing.
    const channel = programChannel(campaignName);
    const kind =
      mapping === 'progression'
        ? progressionKind(detail ?? '', channel === 'other' ? programChannel(detail) : channel)
        : mapping.kind === 'form_submit'
          ? formKind(detail)
          : mapping.kind;
    const what = detail ?? campaignName;
    let title: string;
    if (mapping !== 'progression') title = what ? `${mapping.verb} ${what}` : type;
    // "Attended: 2026-02 Q1 Product Webinar" says more than the bare status.
    else
      title = detail && campaignName ? `${detail}: ${campaignName}` : `Program status: ${what ?? 'changed'}`;
    const url = webUrl(row.text('url')) ?? (kind === 'page_view' ? webUrl(detail) : undefined);
    return {
      lead: {
        email,
        name: fullName(row.text('firstName'), row.text('lastName')),
        company: row.text('company', 500),
        refs: leadId ? [{ source: 'marketo', id: leadId, url: undefined }] : [],
      },
      touchpoints: [
        {
          key: activityId ? `marketo-activity\u0000${activityId}` : undefined,
          occurredAt,
          kind,
          campaign: campaignName ? { name: campaignName, channel } : undefined,
          title,
          url,
          ...(bot ? { machine: true, machineReason: botReason(pattern) } : {}),
        },
      ],
    };
  },
};
