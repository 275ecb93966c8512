/** Turns a seeded lead into the record every fake platform answers from. */
import { md5 } from '../../lib/connectors/md5';
import type { FakeLead, StoredLead } from './types';
import { stableNumber } from './util';

const DAY_MS = 24 * 60 * 60 * 1000;

export function resolveLead(seed: FakeLead, now: number, index: number): StoredLead {
  const email = seed.email.trim().toLowerCase();
  const when = (iso: string | undefined, daysAgo: number | undefined, fallbackDays: number) =>
    iso ?? new Date(now - (daysAgo ?? fallbackDays) * DAY_MS).toISOString();
  const touches = (seed.touches ?? []).map((touch, i) => ({
    ...touch,
    at: when(touch.at, touch.daysAgo, 1),
    index: i,
  }));
  const createdAt = when(undefined, seed.createdDaysAgo, 400);
  const mqlAt =
    seed.mqlAt ?? (seed.mqlDaysAgo !== undefined ? when(undefined, seed.mqlDaysAgo, 0) : undefined);
  const hubspotId = String(stableNumber(`hubspot:${email}`, 9_000_000, 1_000_000) + index);
  const marketoId = stableNumber(`marketo:${email}`, 900_000, 1_000) + index;
  const hubspotProps: Record<string, string> = {};
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') hubspotProps[key] = String(value);
  };
  set('email', email);
  set('firstname', seed.firstName);
  set('lastname', seed.lastName);
  set('company', seed.company);
  set('jobtitle', seed.title);
  set('lifecyclestage', seed.lifecycleStage);
  set('hs_lead_status', seed.leadStatus);
  set('hubspotscore', seed.score);
  set('hubspot_owner_id', seed.owner?.id);
  set('hs_analytics_source', seed.source);
  set('hs_lifecyclestage_marketingqualifiedlead_date', mqlAt);
  set('createdate', createdAt);
  set('hs_object_id', hubspotId);
  const forms = touches.filter((t) => t.kind === 'form_submit').sort((a, b) => a.at.localeCompare(b.at));
  if (forms.length > 0) {
    set('first_conversion_event_name', forms[0]!.title ?? 'Form');
    set('first_conversion_date', forms[0]!.at);
    set('recent_conversion_event_name', forms.at(-1)!.title ?? 'Form');
    set('recent_conversion_date', forms.at(-1)!.at);
  }
  const pages = touches
    .filter((t) => t.kind === 'page_view' && t.url)
    .sort((a, b) => a.at.localeCompare(b.at));
  if (pages.length > 0) {
    set('hs_analytics_first_url', pages[0]!.url);
    set('hs_analytics_first_timestamp', pages[0]!.at);
    set('hs_analytics_last_url', pages.at(-1)!.url);
    set('hs_analytics_last_timestamp', pages.at(-1)!.at);
    set('hs_analytics_num_page_views', pages.length);
  }
  return {
    seed,
    email,
    touches,
    createdAt,
    mqlAt,
    hubspotId,
    marketoId,
    mailchimpHash: md5(email),
    mailchimpWebId: stableNumber(`mailchimp:${email}`, 90_000_000, 10_000_000),
    hubspotProps,
    marketoFields: {
      email,
      firstName: seed.firstName ?? null,
      lastName: seed.lastName ?? null,
      company: seed.company ?? null,
      title: seed.title ?? null,
      leadStatus: seed.leadStatus ?? null,
      leadScore: seed.score ?? null,
      leadSource: seed.source ? seed.source.replace(/_/g, ' ').toLowerCase() : null,
      leadOwnerFirstName: seed.owner?.firstName ?? null,
      leadOwnerLastName: seed.owner?.lastName ?? null,
      leadOwnerEmail: seed.owner?.email ?? null,
      createdAt: createdAt.replace(/\.\d{3}Z$/, 'Z'),
      updatedAt: createdAt.replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}
