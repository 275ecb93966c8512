/** Loopline's own CSV, documented in ../LOOPLINE-CSV.md: a lead and at most one touchpoint a row. */
import { Channel, TOUCHPOINT_KINDS, TouchpointKind } from '../../model';
import type { CsvPreset, LeadDraft } from './types';

type LooplineField =
  | 'email'
  | 'name'
  | 'company'
  | 'jobTitle'
  | 'lifecycleStage'
  | 'leadStatus'
  | 'score'
  | 'owner'
  | 'mqlAt'
  | 'leadSource'
  | 'touchpointId'
  | 'occurredAt'
  | 'kind'
  | 'campaign'
  | 'campaignId'
  | 'campaignChannel'
  | 'title'
  | 'url'
  | 'detail'
  | 'machine'
  | 'machineReason';

/** The columns in documented order (LOOPLINE-CSV.md; syntheticCsv writes them in this order). */
export const LOOPLINE_CSV_COLUMNS = [
  'email',
  'name',
  'company',
  'job_title',
  'lifecycle_stage',
  'lead_status',
  'score',
  'owner',
  'mql_at',
  'lead_source',
  'touchpoint_id',
  'occurred_at',
  'kind',
  'campaign',
  'campaign_id',
  'campaign_channel',
  'title',
  'url',
  'detail',
  'machine',
  'machine_reason',
] as const;

export const LOOPLINE_CSV: CsvPreset<LooplineField> = {
  id: 'loopline-csv',
  format: 'csv',
  label: 'Loopline CSV',
  columns: {
    email: { aliases: ['email', 'email address'], required: true },
    name: { aliases: ['name', 'full name'] },
    company: { aliases: ['company'] },
    jobTitle: { aliases: ['job_title'] },
    lifecycleStage: { aliases: ['lifecycle_stage'] },
    leadStatus: { aliases: ['lead_status'] },
    score: { aliases: ['score'] },
    owner: { aliases: ['owner'] },
    mqlAt: { aliases: ['mql_at'] },
    leadSource: { aliases: ['lead_source'] },
    touchpointId: { aliases: ['touchpoint_id'] },
    occurredAt: { aliases: ['occurred_at'] },
    kind: { aliases: ['kind'] },
    campaign: { aliases: ['campaign', 'campaign_name'] },
    campaignId: { aliases: ['campaign_id'] },
    campaignChannel: { aliases: ['campaign_channel'] },
    title: { aliases: ['title'] },
    url: { aliases: ['url'] },
    detail: { aliases: ['detail'] },
    machine: { aliases: ['machine'] },
    machineReason: { aliases: ['machine_reason'] },
  },
  signature: [
    'occurred_at',
    'kind',
    'touchpoint_id',
    'campaign_channel',
    'mql_at',
    'lead_source',
    'machine_reason',
  ],
  defaultChannel: 'other',
  map(row) {
    const email = row.email('email');
    const lead: LeadDraft = {
      email,
      name: row.text('name', 500),
      company: row.text('company', 500),
      title: row.text('jobTitle', 500),
      lifecycleStage: row.text('lifecycleStage', 100),
      leadStatus: row.text('leadStatus', 100),
      score: row.number('score'),
      owner: row.text('owner', 300),
      mqlAt: row.date('mqlAt'),
      source: row.text('leadSource', 300),
    };
    const occurredAt = row.date('occurredAt');
    const kindText = row.text('kind');
    // A row with neither is a lead without touchpoints; one without the other is a mistake.
    if (!occurredAt && !kindText) return { lead, touchpoints: [] };
    if (!occurredAt) throw row.error('occurredAt', 'missing (a touchpoint row needs occurred_at and kind)');
    if (!kindText) throw row.error('kind', 'missing (a touchpoint row needs occurred_at and kind)');
    const kind = TouchpointKind.safeParse(kindText.toLowerCase());
    if (!kind.success) {
      throw row.error(
        'kind',
        `not a touchpoint kind (${JSON.stringify(kindText)}); expected one of ${TOUCHPOINT_KINDS.join(', ')}`,
      );
    }
    const channelText = row.text('campaignChannel');
    const channel = channelText === undefined ? undefined : Channel.safeParse(channelText.toLowerCase());
    if (channel && !channel.success) {
      throw row.error(
        'campaignChannel',
        `not a channel (${JSON.stringify(channelText)}); expected one of ${Channel.options.join(', ')}`,
      );
    }
    const campaignName = row.text('campaign', 500);
    const campaignId = row.text('campaignId', 200);
    const machine = row.flag('machine');
    return {
      lead,
      touchpoints: [
        {
          id: row.text('touchpointId', 300),
          occurredAt,
          kind: kind.data,
          campaign:
            campaignName || campaignId
              ? { name: campaignName ?? campaignId!, id: campaignId, channel: channel?.data }
              : undefined,
          title: row.text('title') ?? '',
          url: row.text('url'),
          detail: row.text('detail'),
          ...(machine ? { machine: true, machineReason: row.text('machineReason', 200) } : {}),
        },
      ],
    };
  },
};
