/**
 * HubSpot's contacts export: one row per contact, with the dates it entered each lifecycle stage
 * and its first and most recent form conversions. Forms read as the HubSpot connector reads them
 * (lib/connectors/hubspot/vocabulary.ts).
 */
import { formTitle } from '../../connectors/hubspot/vocabulary';
import { formKind } from '../../connectors/vocabulary';
import { fullName } from './shared';
import type { CsvPreset, LeadDraft, TouchpointDraft } from './types';

type HubSpotContactField =
  | 'recordId'
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'company'
  | 'jobTitle'
  | 'lifecycleStage'
  | 'leadStatus'
  | 'score'
  | 'owner'
  | 'originalSource'
  | 'subscriberDate'
  | 'leadDate'
  | 'mqlDate'
  | 'sqlDate'
  | 'opportunityDate'
  | 'customerDate'
  | 'firstConversion'
  | 'firstConversionDate'
  | 'recentConversion'
  | 'recentConversionDate';

/** The lifecycle date columns, each a stage_change touchpoint. */
const HUBSPOT_STAGE_DATES: readonly (readonly [HubSpotContactField, string])[] = [
  ['subscriberDate', 'Subscriber'],
  ['leadDate', 'Lead'],
  ['mqlDate', 'Marketing Qualified Lead'],
  ['sqlDate', 'Sales Qualified Lead'],
  ['opportunityDate', 'Opportunity'],
  ['customerDate', 'Customer'],
];

export const HUBSPOT_CONTACTS: CsvPreset<HubSpotContactField> = {
  id: 'hubspot-contacts',
  format: 'csv',
  label: 'HubSpot contacts export',
  platform: 'hubspot',
  columns: {
    recordId: { aliases: ['Record ID', 'Contact ID', 'VID', 'Record ID - Contact'] },
    email: { aliases: ['Email', 'Email Address', 'E-mail'], required: true },
    firstName: { aliases: ['First Name', 'Firstname'] },
    lastName: { aliases: ['Last Name', 'Lastname'] },
    company: { aliases: ['Company Name', 'Company', 'Associated Company'] },
    jobTitle: { aliases: ['Job Title', 'Title'] },
    lifecycleStage: { aliases: ['Lifecycle Stage'] },
    leadStatus: { aliases: ['Lead Status'] },
    score: { aliases: ['HubSpot Score', 'Score'] },
    owner: { aliases: ['Contact owner', 'HubSpot Owner', 'Owner'] },
    originalSource: { aliases: ['Original Source', 'Original Source Type'] },
    subscriberDate: { aliases: ['Became a Subscriber Date'] },
    leadDate: { aliases: ['Became a Lead Date'] },
    // HubSpot's newer pipelines export the same date as "Date entered <stage> (<pipeline>)".
    mqlDate: {
      aliases: [
        'Became a Marketing Qualified Lead Date',
        'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"',
      ],
    },
    sqlDate: {
      aliases: [
        'Became a Sales Qualified Lead Date',
        'Date entered "Sales Qualified Lead (Lifecycle Stage Pipeline)"',
      ],
    },
    opportunityDate: {
      aliases: ['Became an Opportunity Date', 'Date entered "Opportunity (Lifecycle Stage Pipeline)"'],
    },
    customerDate: {
      aliases: ['Became a Customer Date', 'Date entered "Customer (Lifecycle Stage Pipeline)"'],
    },
    firstConversion: { aliases: ['First Conversion'] },
    firstConversionDate: { aliases: ['First Conversion Date'] },
    recentConversion: { aliases: ['Recent Conversion'] },
    recentConversionDate: { aliases: ['Recent Conversion Date'] },
  },
  signature: [
    'Record ID',
    'Lifecycle Stage',
    'Lead Status',
    'HubSpot Score',
    'Contact owner',
    'Became a Marketing Qualified Lead Date',
    'Original Source',
    'First Conversion',
  ],
  defaultChannel: 'other',
  map(row) {
    const email = row.email('email');
    const recordId = row.text('recordId', 200);
    const mqlAt = row.date('mqlDate');
    const lead: LeadDraft = {
      email,
      name: fullName(row.text('firstName'), row.text('lastName')),
      company: row.text('company', 500),
      title: row.text('jobTitle', 500),
      lifecycleStage: row.text('lifecycleStage', 100),
      leadStatus: row.text('leadStatus', 100),
      score: row.number('score'),
      owner: row.text('owner', 300),
      mqlAt,
      source: row.text('originalSource', 300),
      refs: recordId ? [{ source: 'hubspot', id: recordId, url: undefined }] : [],
    };
    const touchpoints: TouchpointDraft[] = [];
    for (const [field, stage] of HUBSPOT_STAGE_DATES) {
      const at = field === 'mqlDate' ? mqlAt : row.date(field);
      if (!at) continue;
      touchpoints.push({
        key: `hubspot-stage\u0000${email}\u0000${stage}\u0000${at}`,
        occurredAt: at,
        kind: 'stage_change',
        title: `Became ${/^[AEIOU]/.test(stage) ? 'an' : 'a'} ${stage}`,
      });
    }
    for (const [nameField, dateField] of [
      ['firstConversion', 'firstConversionDate'],
      ['recentConversion', 'recentConversionDate'],
    ] as const) {
      const at = row.date(dateField);
      if (!at) continue;
      const form = row.text(nameField);
      // The first and the recent conversion are often the same one: same key, one touchpoint.
      touchpoints.push({
        key: `hubspot-form\u0000${email}\u0000${form ?? ''}\u0000${at}`,
        occurredAt: at,
        kind: formKind(form),
        title: formTitle(form),
      });
    }
    return { lead, touchpoints };
  },
};
