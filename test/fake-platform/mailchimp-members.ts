/**
 * The fake Mailchimp audience's members as the Marketing API returns them: the member record
 * with its tags, the events it lists, the activity feed, and notes. mailchimp.ts routes to them.
 */
import type { StoredLead } from './types';
import type { PlatformState } from './platform';

const DAY_MS = 24 * 60 * 60 * 1000;

export function known(state: PlatformState): StoredLead[] {
  return state.leads.filter((l) => !l.seed.platforms || l.seed.platforms.includes('mailchimp'));
}

export function tagsOf(lead: StoredLead, state: PlatformState): string[] {
  const tags = new Set(lead.seed.mailchimpTags ?? []);
  for (const write of state.writes.mailchimp.tags) {
    if (write.hash !== lead.mailchimpHash) continue;
    for (const tag of write.tags) {
      if (tag.status === 'inactive') tags.delete(tag.name);
      else tags.add(tag.name);
    }
  }
  return [...tags];
}

export function memberJson(lead: StoredLead, state: PlatformState) {
  const { listId } = state.config.mailchimp;
  const tags = tagsOf(lead, state);
  const score = lead.seed.score ?? 40;
  return {
    id: lead.mailchimpHash,
    email_address: lead.email,
    unique_email_id: lead.mailchimpHash.slice(0, 10),
    contact_id: lead.mailchimpHash.slice(8, 40),
    full_name: [lead.seed.firstName, lead.seed.lastName].filter(Boolean).join(' '),
    web_id: lead.mailchimpWebId,
    email_type: 'html',
    status: 'subscribed',
    consents_to_one_to_one_messaging: true,
    merge_fields: {
      FNAME: lead.seed.firstName ?? '',
      LNAME: lead.seed.lastName ?? '',
      COMPANY: lead.seed.company ?? '',
      ADDRESS: '',
      PHONE: '',
    },
    stats: { avg_open_rate: 0.42, avg_click_rate: 0.11 },
    ip_signup: '',
    timestamp_signup: '',
    ip_opt: '203.0.113.9',
    timestamp_opt: lead.createdAt.replace(/\.\d{3}Z$/, '+00:00'),
    member_rating: Math.max(1, Math.min(5, Math.round(score / 20))),
    last_changed: new Date(state.now() - DAY_MS).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    language: 'en',
    vip: false,
    email_client: 'Apple Mail',
    location: {
      latitude: 0,
      longitude: 0,
      gmtoff: 0,
      dstoff: 0,
      country_code: 'US',
      timezone: '',
      region: '',
    },
    source: 'API - Generic',
    tags_count: tags.length,
    tags: tags.map((name, i) => ({ id: 1000 + i, name })),
    list_id: listId,
    _links: [],
  };
}

/** The member's events Mailchimp has processed (and so lists) by now. */
export function listedEvents(lead: StoredLead, state: PlatformState) {
  const cutoff = state.now() - state.config.mailchimp.eventsListedAfterMs;
  return state.writes.mailchimp.events.filter(
    (e) => e.hash === lead.mailchimpHash && Date.parse(e.receivedAt) <= cutoff,
  );
}

export function feed(lead: StoredLead, state: PlatformState) {
  const items: Array<Record<string, unknown>> = [];
  for (const touch of lead.touches) {
    const type =
      touch.kind === 'email_sent'
        ? 'sent'
        : touch.kind === 'email_open'
          ? 'open'
          : touch.kind === 'email_click'
            ? 'click'
            : touch.kind === 'list_added'
              ? 'signup'
              : touch.kind === 'form_submit'
                ? 'website_signup'
                : undefined;
    if (!type) continue;
    const item: Record<string, unknown> = {
      activity_type: type,
      created_at_timestamp: touch.at.replace(/\.\d{3}Z$/, '+00:00'),
    };
    if (touch.campaign && type !== 'signup' && type !== 'website_signup') {
      Object.assign(item, {
        campaign_id: touch.campaign.id.replace(/[^a-z0-9]/gi, '').slice(0, 10),
        campaign_title: touch.campaign.name,
      });
    }
    if (type === 'sent') item.subject = touch.title;
    if (type === 'click') item.link_clicked = touch.url ?? 'https://www.loopline-demo.example/';
    if (type === 'signup' || type === 'website_signup') item.signup_source = touch.title ?? 'Signup form';
    items.push(item);
  }
  for (const note of state.writes.mailchimp.notes) {
    if (note.hash === lead.mailchimpHash)
      items.push({ activity_type: 'note', created_at_timestamp: note.created_at, note_text: note.note });
  }
  for (const event of listedEvents(lead, state)) {
    items.push({
      activity_type: 'event',
      created_at_timestamp: event.occurred_at,
      event_name: event.name,
      event_properties: event.properties,
    });
  }
  return items.sort((a, b) => String(b.created_at_timestamp).localeCompare(String(a.created_at_timestamp)));
}

export function noteJson(note: PlatformState['writes']['mailchimp']['notes'][number], lead: StoredLead) {
  return {
    id: note.id,
    created_at: note.created_at,
    created_by: 'Loopline API',
    updated_at: note.created_at,
    note: note.note,
    list_id: note.listId,
    email_id: lead.mailchimpHash,
    contact_id: lead.mailchimpHash.slice(8, 40),
    _links: [],
  };
}
