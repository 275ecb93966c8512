/**
 * The same activity through a platform's API and through an import of its export gets the same
 * kind and the same campaign channel: both paths read one vocabulary
 * (lib/connectors/<platform>/vocabulary.ts). Each case is one the two paths used to disagree on.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Touchpoint, TouchpointInput } from '../../model';
import { eventTouchpoint, isTouchEvent, propertyTouchpoints } from '../../connectors/hubspot/touchpoints';
import { feedTouchpoint } from '../../connectors/mailchimp/touchpoints';
import { activityTouchpoint, programInfo } from '../../connectors/marketo/touchpoints';
import { openLooplineDB } from '../../store/db';
import { workspaceHistory } from '../../store/workspace';
import { importWorkspace } from '../import';
import type { CsvPresetId } from '.';

const EMAIL = 'ana@acme.example';
let dbCount = 0;

/** The touchpoint one row of an export becomes once imported, with its stored campaign. */
async function imported(preset: CsvPresetId, row: Record<string, string>): Promise<Touchpoint> {
  const db = await openLooplineDB(`vocabulary-agreement-${++dbCount}`);
  const csv = Papa.unparse([Object.keys(row), Object.values(row)]);
  const result = await importWorkspace(db, new Blob([csv]), { preset, mode: 'replace', timeZone: 'UTC' });
  expect(result.errors).toEqual([]);
  const [touchpoint] = await workspaceHistory(db, EMAIL);
  db.close();
  return touchpoint!;
}

const meaning = (t: Touchpoint | TouchpointInput | undefined) => ({
  kind: t?.kind,
  channel: t?.campaign?.channel,
});

describe('one vocabulary: the API and an import agree', () => {
  it('HubSpot: an email in a campaign named for a webinar is an email, as HubSpot says', async () => {
    const api = eventTouchpoint(
      { id: 'e1', created: Date.parse('2026-03-02T14:00:00Z'), type: 'OPEN', emailCampaignId: 7 },
      EMAIL,
      new Map([[7, 'Q1 Webinar invite']]),
      new Map(),
    );
    const file = await imported('hubspot-email', {
      Recipient: EMAIL,
      'Event Type': 'OPEN',
      'Event Date': '2026-03-02 14:00',
      'Email Name': 'Q1 Webinar invite',
      'Email Campaign ID': '7',
    });
    expect(meaning(api)).toEqual({ kind: 'email_open', channel: 'email' });
    expect(meaning(file)).toEqual(meaning(api));
    expect(file.campaign?.id).toBe(api.campaign?.id);
  });

  it('HubSpot: a dropped email is shown by both, under one title', async () => {
    const event = { id: 'e2', created: Date.parse('2026-03-02T14:00:00Z'), type: 'DROPPED' };
    expect(isTouchEvent(event)).toBe(true);
    const api = eventTouchpoint(event, EMAIL, new Map(), new Map());
    const file = await imported('hubspot-email', {
      Recipient: EMAIL,
      'Event Type': 'DROPPED',
      'Event Date': '2026-03-02 14:00',
    });
    expect([api.kind, api.title]).toEqual(['other', 'Email not sent (dropped)']);
    expect([file.kind, file.title]).toEqual([api.kind, api.title]);
  });

  it('HubSpot: a form that hands out an ebook is a download through both', async () => {
    const [api] = propertyTouchpoints(
      {
        id: '501',
        properties: {
          recent_conversion_event_name: 'Pricing Guide eBook',
          recent_conversion_date: '2026-02-10T09:00:00.000Z',
        },
      },
      EMAIL,
      new Date('2026-01-01T00:00:00Z'),
    );
    const file = await imported('hubspot-contacts', {
      'Record ID': '501',
      Email: EMAIL,
      'Recent Conversion': 'Pricing Guide eBook',
      'Recent Conversion Date': '2026-02-10 09:00',
    });
    expect(meaning(api)).toEqual({ kind: 'content_download', channel: undefined });
    expect(meaning(file)).toEqual(meaning(api));
    expect(file.title).toBe(api!.title);
  });

  it('Mailchimp: a campaign named for a product update is an email, under one campaign id', async () => {
    const api = feedTouchpoint(
      {
        activity_type: 'click',
        created_at_timestamp: '2026-02-12T18:42:30Z',
        campaign_id: 'a1b2c3',
        campaign_title: 'February Product Update',
      },
      EMAIL,
      new Map(),
    );
    const file = await imported('mailchimp-email', {
      'Email Address': EMAIL,
      Action: 'click',
      Timestamp: '2026-02-12 18:42:30',
      'Campaign Title': 'February Product Update',
      'Campaign ID': 'a1b2c3',
    });
    expect(meaning(api)).toEqual({ kind: 'email_click', channel: 'email' });
    expect(meaning(file)).toEqual(meaning(api));
    expect(file.campaign?.id).toBe(api?.campaign?.id);
  });

  it('Mailchimp: a bounce reads the same through both', async () => {
    const api = feedTouchpoint(
      { activity_type: 'bounce', created_at_timestamp: '2026-02-12T18:42:30Z' },
      EMAIL,
      new Map(),
    );
    const file = await imported('mailchimp-email', {
      'Email Address': EMAIL,
      Action: 'bounce',
      Timestamp: '2026-02-12 18:42:30',
    });
    expect([api?.kind, api?.title]).toEqual(['other', 'Email bounced']);
    expect([file.kind, file.title]).toEqual([api?.kind, api?.title]);
  });

  const marketoActivity = (type: number, primary: string, attributes: [string, string][] = []) => ({
    leadId: 1,
    activityDate: '2026-02-19T17:00:00Z',
    activityTypeId: type,
    primaryAttributeValueId: 4321,
    primaryAttributeValue: primary,
    attributes: attributes.map(([name, value]) => ({ name, value })),
  });
  const noPrograms = programInfo(new Map());
  const marketoRow = (type: string, detail: string, campaign = '') => ({
    'Email Address': EMAIL,
    'Activity Date': '2026-02-19 17:00',
    'Activity Type': type,
    Detail: detail,
    'Campaign Name': campaign,
  });

  it.each([
    ['Registered', 'Berlin Trade Show', { kind: 'other', channel: 'event' }],
    ['Attended', 'Spring Roadshow', { kind: 'event_attended', channel: 'event' }],
    ['Attended', 'Q1 Product Webinar', { kind: 'webinar_attended', channel: 'webinar' }],
    ['Attended', 'Social Media Spring', { kind: 'other', channel: 'paid_social' }],
  ])('Marketo: status %s in program %s', async (status, program, expected) => {
    const api = activityTouchpoint(
      marketoActivity(104, program, [['New Status', status]]),
      'Change Status in Progression',
      EMAIL,
      noPrograms,
    );
    const file = await imported(
      'marketo-activity',
      marketoRow('Change Status in Progression', status, program),
    );
    expect(meaning(api)).toEqual(expected);
    expect(meaning(file)).toEqual(expected);
  });

  it('Marketo: a form that hands out an ebook is a download through both', async () => {
    const api = activityTouchpoint(
      marketoActivity(2, 'Pricing eBook Download'),
      'Fill Out Form',
      EMAIL,
      noPrograms,
    );
    const file = await imported('marketo-activity', marketoRow('Fill Out Form', 'Pricing eBook Download'));
    expect(api?.kind).toBe('content_download');
    expect(file.kind).toBe(api?.kind);
  });
});
