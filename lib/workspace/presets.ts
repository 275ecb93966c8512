/**
 * Column-mapping presets: how the rows of a known export become Leads, Touchpoints and Campaigns.
 * Each preset is data (the columns it reads, under every header name the export has used) plus a
 * pure function from one row to drafts; reading the file, validating, de-duplicating and writing
 * are import.ts's job. Header names are matched ignoring case, spaces and punctuation, so
 * "Lifecycle Stage", "lifecycle_stage" and "LifecycleStage" are the same column.
 *
 * Dates: see dates.ts (ISO, "2026-03-04 13:05", US month-first "03/04/2026 1:05 PM", ...).
 */
import { z } from 'zod';
import { Channel, Email, TOUCHPOINT_KINDS, TouchpointKind, type PlatformRef, type SourceId } from '../model';

export const PRESET_IDS = [
  'hubspot-contacts',
  'hubspot-email',
  'mailchimp-email',
  'marketo-activity',
  'loopline-csv',
  'loopline-json',
] as const;
export const PresetId = z.enum(PRESET_IDS);
export type PresetId = z.infer<typeof PresetId>;
export type CsvPresetId = Exclude<PresetId, 'loopline-json'>;

/** A value in a row that cannot be imported; `column` is the header as the file spells it. */
export class RowError extends Error {
  constructor(
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(column ? `${column}: ${problem}` : problem);
    this.name = 'RowError';
  }
}

/** Typed access to one row's cells. Every getter trims; an empty cell is `undefined`. */
export interface RowReader<F extends string> {
  /** The column is in the file (it may still be empty in this row). */
  has(field: F): boolean;
  text(field: F, max?: number): string | undefined;
  required(field: F, max?: number): string;
  /** Lower-cased and checked; throws RowError when missing or malformed. */
  email(field: F): string;
  /** ISO instant; undefined when empty; throws RowError when not a date. */
  date(field: F): string | undefined;
  requiredDate(field: F): string;
  number(field: F): number | undefined;
  /** true/false, yes/no, 1/0, y/n; undefined when empty; throws RowError otherwise. */
  flag(field: F): boolean | undefined;
  /** A RowError naming the column, for the caller to throw. */
  error(field: F, problem: string): RowError;
}

export interface LeadDraft {
  email: string;
  name?: string;
  company?: string;
  title?: string;
  lifecycleStage?: string;
  leadStatus?: string;
  score?: number;
  owner?: string;
  mqlAt?: string;
  source?: string;
  refs?: PlatformRef[];
}

export interface TouchpointDraft {
  /** An id the file gave (Loopline formats); kept as is. */
  id?: string;
  /**
   * A natural key for facts that do not depend on where the row sits in the file (a platform's
   * activity id, a lead's stage date); the id is its hash. Without id or key, the id is a hash of
   * the row's content and line, so re-importing the same file replaces rather than duplicates.
   */
  key?: string;
  occurredAt: string;
  kind: TouchpointKind;
  campaign?: { name: string; id?: string; channel?: Channel };
  title: string;
  url?: string;
  detail?: string;
  machine?: boolean;
  machineReason?: string;
}

export type MappedRow =
  | { lead: LeadDraft; touchpoints: TouchpointDraft[] }
  /** Recognised and deliberately not imported (e.g. a DELIVERED event that duplicates SENT). */
  | { skip: string };

export interface ColumnSpec {
  /** Header names this column has had in the export; the first is the one documented. */
  aliases: readonly string[];
  required?: boolean;
}

export interface CsvPreset<F extends string = string> {
  id: CsvPresetId;
  format: 'csv';
  label: string;
  /** The platform whose ids appear in the file (for lead refs). */
  platform?: SourceId;
  columns: Readonly<Record<F, ColumnSpec>>;
  /**
   * Headers distinctive of this export. detectPreset picks the preset whose required columns are
   * all present and that matches the most of these (then the most columns overall).
   */
  signature: readonly string[];
  /** The channel of a campaign whose name says nothing (all of Mailchimp's are emails). */
  defaultChannel: Channel;
  map(row: RowReader<F>): MappedRow;
}

export interface JsonPreset {
  id: 'loopline-json';
  format: 'json';
  label: string;
}

export type Preset = CsvPreset | JsonPreset;

/** "Lifecycle Stage", "lifecycle_stage", " LIFECYCLE-STAGE " → "lifecyclestage". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function fullName(first: string | undefined, last: string | undefined): string | undefined {
  const name = [first, last].filter(Boolean).join(' ');
  return name || undefined;
}

/** Forms whose name says they hand out content count as downloads, as the report expects. */
export function formKind(formName: string | undefined): TouchpointKind {
  return formName &&
    /\be-?books?\b|white ?papers?|\bguides?\b|\breports?\b|\bdownload|\bchecklist\b|\btemplates?\b/i.test(
      formName,
    )
    ? 'content_download'
    : 'form_submit';
}

/**
 * A link as the export wrote it: a full http(s) URL, or a host with a path as Marketo shows
 * visited pages ("www.acme.com/pricing"). Anything else is not a link (the model drops non-http).
 */
export function webUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^https?:\/\//i.test(text)) return text;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i.test(text)) return `https://${text}`;
  return undefined;
}

const typeKeys = new Map<string, string>();

/** Keys compare loosely: "Hard Bounce", "hard_bounce" and "HARDBOUNCE" are one event type. */
function typeKey(value: string): string {
  // A file has a handful of event types on a million rows: normalise each once.
  let key = typeKeys.get(value);
  if (key === undefined) {
    key = normaliseHeader(value);
    if (typeKeys.size < 1_000) typeKeys.set(value, key);
  }
  return key;
}

const quoted = (text: string) => `“${text}”`;

// ---------------------------------------------------------------------------------------------
// (a) HubSpot contacts export

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
        title: form ? `Submitted ${quoted(form)}` : 'Submitted a form',
      });
    }
    return { lead, touchpoints };
  },
};

// ---------------------------------------------------------------------------------------------
// (b) HubSpot marketing email activity export (one row per email event)

type HubSpotEmailField =
  'email' | 'eventType' | 'date' | 'emailName' | 'subject' | 'campaignId' | 'url' | 'filtered' | 'browser';

/**
 * HubSpot's email event types. SENT is the send; DELIVERED, PROCESSED and DEFERRED follow every
 * send, so keeping them would show each email several times (as the HubSpot connector, the
 * import keeps SENT only).
 */
const HUBSPOT_EVENTS: Record<string, { kind: TouchpointKind; verb?: string; title?: string } | 'skip'> = {
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
    const event = HUBSPOT_EVENTS[typeKey(type)];
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
    const browser = row.text('browser') ?? '';
    const filtered = row.flag('filtered') === true;
    const robot = /robot|\bbot\b|crawler|spider/i.test(browser);
    return {
      lead: { email },
      touchpoints: [
        {
          occurredAt,
          kind: event.kind,
          campaign: name ? { name, id: campaignId ? `hubspot-email-${campaignId}` : undefined } : undefined,
          title: event.verb ? `${event.verb} ${quoted(subject ?? name ?? 'an email')}` : event.title!,
          url: event.kind === 'email_click' ? webUrl(row.text('url')) : undefined,
          ...(filtered
            ? { machine: true, machineReason: 'HubSpot filtered it from reporting (bot or security scanner)' }
            : robot
              ? { machine: true, machineReason: 'HubSpot saw a robot user agent' }
              : {}),
        },
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// (c) Mailchimp email activity export (one row per open, click, send or bounce)

type MailchimpField =
  'email' | 'action' | 'timestamp' | 'campaign' | 'subject' | 'campaignId' | 'url' | 'firstName' | 'lastName';

const MAILCHIMP_ACTIONS: Record<string, { kind: TouchpointKind; verb?: string; title?: string }> = {
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
};

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
    const event = MAILCHIMP_ACTIONS[typeKey(action)];
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
            ? { name, id: campaignId ? `mailchimp-campaign-${campaignId}` : undefined }
            : undefined,
          title: event.verb ? `${event.verb} ${quoted(subject ?? name ?? 'an email')}` : event.title!,
          url: event.kind === 'email_click' ? webUrl(row.text('url')) : undefined,
        },
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// (d) Marketo activity log export

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

type MarketoMapping =
  | { kind: TouchpointKind; verb: string }
  /** The kind depends on the detail and the campaign ("Change Status in Progression"). */
  | 'progression'
  | 'skip';

/**
 * Marketo's standard activity type names. Instances add their own (custom activities), so an
 * unknown type is kept as "other" under its own name rather than rejected.
 */
const MARKETO_TYPES: Record<string, MarketoMapping> = {
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

/** Program status changes: "Webinar: Registered", "Attended", "Event > Attended" … */
function progressionKind(detail: string, campaign: string | undefined): TouchpointKind {
  const text = `${detail} ${campaign ?? ''}`;
  const webinar = /webinar|webcast/i.test(text);
  if (/\battended|\battend\b/i.test(detail))
    return webinar
      ? 'webinar_attended'
      : /event|show|conference|summit/i.test(text)
        ? 'event_attended'
        : 'other';
  if (/\bregistered|\bregister\b/i.test(detail) && webinar) return 'webinar_registered';
  return 'other';
}

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
    const mapping: MarketoMapping = MARKETO_TYPES[typeKey(type)] ?? { kind: 'other', verb: `${type}:` };
    if (mapping === 'skip') return { skip: `${type} repeats the send` };
    const occurredAt = row.requiredDate('date');
    const detail = row.text('detail');
    const campaignName = row.text('campaign', 500);
    const leadId = row.text('leadId', 200);
    const activityId = row.text('activityId', 200);
    const bot = row.flag('bot') === true;
    const pattern = row.text('botPattern', 100);
    const kind = mapping === 'progression' ? progressionKind(detail ?? '', campaignName) : mapping.kind;
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
          kind: kind === 'form_submit' ? formKind(detail) : kind,
          campaign: campaignName ? { name: campaignName } : undefined,
          title,
          url,
          ...(bot
            ? {
                machine: true,
                machineReason: `Marketo marked it as bot activity${pattern ? ` (${pattern})` : ''}`,
              }
            : {}),
        },
      ],
    };
  },
};

// ---------------------------------------------------------------------------------------------
// (e) Loopline's own CSV (documented in LOOPLINE-CSV.md)

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

// ---------------------------------------------------------------------------------------------
// (f) Loopline's own JSON: what exportWorkspaceJson writes (see export.ts and LOOPLINE-CSV.md)

export const LOOPLINE_JSON: JsonPreset = {
  id: 'loopline-json',
  format: 'json',
  label: 'Loopline workspace (JSON)',
};

export const CSV_PRESETS: readonly CsvPreset[] = [
  HUBSPOT_CONTACTS,
  HUBSPOT_EMAIL,
  MAILCHIMP_EMAIL,
  MARKETO_ACTIVITY,
  LOOPLINE_CSV,
];

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  'hubspot-contacts': HUBSPOT_CONTACTS,
  'hubspot-email': HUBSPOT_EMAIL,
  'mailchimp-email': MAILCHIMP_EMAIL,
  'marketo-activity': MARKETO_ACTIVITY,
  'loopline-csv': LOOPLINE_CSV,
  'loopline-json': LOOPLINE_JSON,
};

export interface ResolvedColumns {
  /** Field → index of its column in the file. */
  index: ReadonlyMap<string, number>;
  /** Field → the header as the file spells it (for error messages). */
  header: ReadonlyMap<string, string>;
  /** Required fields with no column, by their documented header name. */
  missing: string[];
}

/** Which column of the file each of the preset's fields reads; the first alias found wins. */
export function resolveColumns(preset: CsvPreset, headers: readonly string[]): ResolvedColumns {
  const positions = new Map<string, number>();
  headers.forEach((header, i) => {
    const key = normaliseHeader(header);
    if (key && !positions.has(key)) positions.set(key, i);
  });
  const index = new Map<string, number>();
  const header = new Map<string, string>();
  const missing: string[] = [];
  for (const [field, spec] of Object.entries<ColumnSpec>(preset.columns)) {
    const position = spec.aliases
      .map((alias) => positions.get(normaliseHeader(alias)))
      .find((p) => p !== undefined);
    if (position !== undefined) {
      index.set(field, position);
      header.set(field, headers[position]!.trim());
    } else if (spec.required) {
      missing.push(spec.aliases[0]!);
    }
  }
  return { index, header, missing };
}

/**
 * The preset a file's headers most likely come from, or null when none fits: every required
 * column must be there and at least one header distinctive of the export.
 */
export function detectPreset(headers: readonly string[]): CsvPresetId | null {
  const present = new Set(headers.map(normaliseHeader));
  let best: { id: CsvPresetId; score: number } | null = null;
  for (const preset of CSV_PRESETS) {
    const columns = resolveColumns(preset, headers);
    if (columns.missing.length > 0) continue;
    const distinctive = preset.signature.filter((h) => present.has(normaliseHeader(h))).length;
    if (distinctive === 0) continue;
    const score = distinctive * 100 + columns.index.size;
    if (!best || score > best.score) best = { id: preset.id, score };
  }
  return best?.id ?? null;
}

/** Parses a cell's email the way the model does, for the row reader. */
export function parseEmail(value: string): string | undefined {
  const parsed = Email.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
