/**
 * What the fake Marketo instance holds, derived from the seeded leads: its activity types, the
 * activity log (each touch as the activity Marketo would record), and program membership.
 * marketo.ts serves them.
 */
import type { Channel } from '../../lib/model';
import type { ResolvedTouch, StoredLead } from './types';
import type { PlatformState } from './platform';
import type { MarketoCustomType } from './platform-config';
import { stableNumber } from './util';

export const STANDARD_FIELDS = new Set([
  'id',
  'email',
  'firstName',
  'lastName',
  'company',
  'title',
  'leadStatus',
  'leadScore',
  'leadSource',
  'leadOwnerFirstName',
  'leadOwnerLastName',
  'leadOwnerEmail',
  'createdAt',
  'updatedAt',
  'originalSourceType',
  'acquisitionProgramId',
]);

export const TYPES = [
  {
    id: 1,
    name: 'Visit Webpage',
    primary: 'Webpage ID',
    attributes: ['Client IP Address', 'Query Parameters', 'Referrer URL', 'User Agent', 'Webpage URL'],
  },
  {
    id: 2,
    name: 'Fill Out Form',
    primary: 'Webform ID',
    attributes: [
      'Client IP Address',
      'Form Fields',
      'Query Parameters',
      'Referrer URL',
      'User Agent',
      'Webpage ID',
    ],
  },
  {
    id: 3,
    name: 'Click Link',
    primary: 'Link ID',
    attributes: ['Client IP Address', 'Query Parameters', 'Referrer URL', 'User Agent', 'Webpage ID'],
  },
  {
    id: 6,
    name: 'Send Email',
    primary: 'Mailing ID',
    attributes: ['Campaign Run ID', 'Choice Number', 'Step ID'],
  },
  {
    id: 7,
    name: 'Email Delivered',
    primary: 'Mailing ID',
    attributes: ['Campaign Run ID', 'Choice Number', 'Step ID'],
  },
  {
    id: 10,
    name: 'Open Email',
    primary: 'Mailing ID',
    attributes: [
      'Bot Activity Pattern',
      'Campaign Run ID',
      'Device',
      'Is Bot Activity',
      'Is Mobile Device',
      'Platform',
      'User Agent',
    ],
  },
  {
    id: 11,
    name: 'Click Email',
    primary: 'Mailing ID',
    attributes: [
      'Bot Activity Pattern',
      'Campaign Run ID',
      'Device',
      'Is Bot Activity',
      'Is Mobile Device',
      'Link',
      'Platform',
      'User Agent',
    ],
  },
  { id: 12, name: 'New Lead', primary: 'Lead ID', attributes: ['Source Type', 'Form Name', 'List Name'] },
  {
    id: 13,
    name: 'Change Data Value',
    primary: 'Attribute Name',
    attributes: ['New Value', 'Old Value', 'Reason', 'Source'],
  },
  {
    id: 22,
    name: 'Change Score',
    primary: 'Score Name',
    attributes: ['Change Value', 'New Value', 'Old Value', 'Reason'],
  },
  { id: 24, name: 'Add to List', primary: 'List ID', attributes: ['Source'] },
  { id: 46, name: 'Interesting Moment', primary: 'Lead ID', attributes: ['Description', 'Source', 'Type'] },
  {
    id: 104,
    name: 'Change Status in Progression',
    primary: 'Program ID',
    attributes: ['Acquired By', 'New Status', 'Old Status', 'Program Member ID', 'Reason', 'Success'],
  },
];

export const CHANNEL_NAMES: Record<Channel, string> = {
  email: 'Email Blast',
  webinar: 'Webinar',
  paid_search: 'Paid Search',
  paid_social: 'Social',
  content: 'Content',
  event: 'Tradeshow',
  organic: 'Web',
  nurture: 'Nurture',
  product: 'Product',
  other: 'Operational',
};

/** Every custom activity type of the instance. */
export function customTypes(state: PlatformState): MarketoCustomType[] {
  const { customActivityType, otherCustomActivityTypes } = state.config.marketo;
  return [...(customActivityType ? [customActivityType] : []), ...otherCustomActivityTypes];
}

export function known(state: PlatformState): StoredLead[] {
  return state.leads.filter((l) => !l.seed.platforms || l.seed.platforms.includes('marketo'));
}

/** Marketo writes datetimes without milliseconds. */
export function mktoDate(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

export function programId(campaignId: string): number {
  return stableNumber(`mkto-program:${campaignId}`, 9000, 1000);
}

export interface Activity {
  id: number;
  marketoGUID: string;
  leadId: number;
  activityDate: string;
  activityTypeId: number;
  campaignId?: number;
  primaryAttributeValueId?: number;
  primaryAttributeValue: string;
  attributes: Array<{ name?: string; apiName?: string; value: unknown }>;
}

function botAttributes(touch: ResolvedTouch) {
  return [
    { name: 'Is Bot Activity', value: touch.machine === true },
    { name: 'Bot Activity Pattern', value: touch.machine ? 'Match with IAB robot list' : 'N/A' },
  ];
}

function activityFor(lead: StoredLead, touch: ResolvedTouch): Activity | undefined {
  const base = {
    id: lead.marketoId * 1000 + touch.index,
    marketoGUID: String(lead.marketoId * 1000 + touch.index),
    leadId: lead.marketoId,
    activityDate: mktoDate(touch.at),
  };
  const emailName = `${touch.campaign?.name ?? 'Operational'}.${touch.title ?? 'Email'}`;
  const mailingId = stableNumber(`mkto-email:${emailName}`, 9000, 1000);
  const common = [
    { name: 'Device', value: 'Mac' },
    { name: 'Is Mobile Device', value: false },
    { name: 'Platform', value: 'Mac OS' },
    { name: 'User Agent', value: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)' },
    { name: 'Campaign Run ID', value: 5 },
  ];
  switch (touch.kind) {
    case 'page_view': {
      const url = new URL(touch.url ?? 'https://www.loopline-demo.example/');
      return {
        ...base,
        activityTypeId: 1,
        primaryAttributeValueId: stableNumber(`mkto-page:${url.pathname}`, 900, 100),
        primaryAttributeValue: `${url.host}${url.pathname}`,
        attributes: [
          { name: 'Client IP Address', value: '203.0.113.9' },
          { name: 'Query Parameters', value: url.search.slice(1) },
          { name: 'Referrer URL', value: '' },
          { name: 'User Agent', value: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)' },
          { name: 'Webpage URL', value: url.pathname },
        ],
      };
    }
    case 'form_submit':
      return {
        ...base,
        activityTypeId: 2,
        primaryAttributeValueId: stableNumber(`mkto-form:${touch.title}`, 900, 100),
        primaryAttributeValue: touch.title ?? 'Form',
        attributes: [
          { name: 'Client IP Address', value: '203.0.113.9' },
          { name: 'Form Fields', value: 'a:2:{s:5:"Email";s:0:"";s:9:"FirstName";s:0:"";}' },
          { name: 'Query Parameters', value: '' },
          { name: 'Referrer URL', value: '' },
          { name: 'Webpage ID', value: 7 },
        ],
      };
    case 'ad_click':
      return {
        ...base,
        activityTypeId: 3,
        primaryAttributeValueId: 17,
        primaryAttributeValue: touch.url ?? 'https://www.loopline-demo.example/',
        attributes: [{ name: 'Referrer URL', value: 'https://www.google.com/' }],
      };
    case 'email_sent':
      return {
        ...base,
        activityTypeId: 6,
        campaignId: 88,
        primaryAttributeValueId: mailingId,
        primaryAttributeValue: emailName,
        attributes: [
          { name: 'Campaign Run ID', value: 5 },
          { name: 'Choice Number', value: 0 },
          { name: 'Step ID', value: 12 },
        ],
      };
    case 'email_open':
      return {
        ...base,
        activityTypeId: 10,
        campaignId: 88,
        primaryAttributeValueId: mailingId,
        primaryAttributeValue: emailName,
        attributes: [...common, ...botAttributes(touch)],
      };
    case 'email_click':
      return {
        ...base,
        activityTypeId: 11,
        campaignId: 88,
        primaryAttributeValueId: mailingId,
        primaryAttributeValue: emailName,
        attributes: [
          ...common,
          { name: 'Link', value: touch.url ?? 'https://www.loopline-demo.example/' },
          ...botAttributes(touch),
        ],
      };
    case 'webinar_registered':
    case 'webinar_attended':
    case 'event_attended': {
      if (!touch.campaign) return undefined;
      const attended = touch.kind !== 'webinar_registered';
      return {
        ...base,
        activityTypeId: 104,
        primaryAttributeValueId: programId(touch.campaign.id),
        primaryAttributeValue: touch.campaign.name,
        attributes: [
          { name: 'Acquired By', value: false },
          { name: 'New Status', value: attended ? 'Attended' : 'Registered' },
          { name: 'Old Status', value: attended ? 'Registered' : 'Not in Program' },
          { name: 'Program Member ID', value: lead.marketoId + 7 },
          { name: 'Reason', value: attended ? 'Attended event' : 'Filled out form' },
          { name: 'Success', value: attended },
        ],
      };
    }
    case 'list_added':
      return {
        ...base,
        activityTypeId: 24,
        primaryAttributeValueId: stableNumber(`mkto-list:${touch.campaign?.id}`, 900, 100),
        primaryAttributeValue: touch.campaign?.name ?? touch.title ?? 'List',
        attributes: [{ name: 'Source', value: 'Smart Campaign' }],
      };
    case 'score_change':
      return {
        ...base,
        activityTypeId: 22,
        primaryAttributeValue: 'Behavior Score',
        attributes: [{ name: 'Change Value', value: '+10' }],
      };
    default:
      return undefined;
  }
}

export function activities(state: PlatformState): Activity[] {
  const out: Activity[] = [];
  for (const lead of known(state)) {
    for (const touch of lead.touches) {
      const activity = activityFor(lead, touch);
      if (activity) out.push(activity);
    }
  }
  for (const written of state.writes.marketo.activities) out.push({ ...written });
  return out.sort((a, b) => a.activityDate.localeCompare(b.activityDate) || a.id - b.id);
}

export interface Program {
  id: number;
  name: string;
  channel: Channel;
  status: string;
  success: boolean;
  first: string;
  last: string;
}

export function programs(lead: StoredLead): Program[] {
  const byId = new Map<number, Program>();
  for (const touch of [...lead.touches].sort((a, b) => a.at.localeCompare(b.at))) {
    if (!touch.campaign) continue;
    const id = programId(touch.campaign.id);
    const status =
      touch.kind === 'webinar_attended' || touch.kind === 'event_attended'
        ? 'Attended'
        : touch.kind === 'webinar_registered'
          ? 'Registered'
          : touch.kind === 'email_click' || touch.kind === 'form_submit'
            ? 'Engaged'
            : 'Member';
    const existing = byId.get(id);
    if (!existing) {
      byId.set(id, {
        id,
        name: touch.campaign.name,
        channel: touch.campaign.channel ?? 'other',
        status,
        success: status === 'Attended',
        first: touch.at,
        last: touch.at,
      });
    } else {
      existing.last = touch.at;
      if (status !== 'Member') existing.status = status;
      existing.success ||= status === 'Attended';
    }
  }
  return [...byId.values()];
}

export function allPrograms(state: PlatformState): Program[] {
  return known(state).flatMap(programs);
}
