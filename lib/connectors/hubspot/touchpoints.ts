/**
 * HubSpot records as Loopline touchpoints and lead fields: pure mapping, no requests. Email
 * events come from the legacy email events API, list memberships from lists v3, form
 * submissions, visits and stage changes from the contact's properties and their history.
 */
import type { z } from 'zod';
import type { Touchpoint, TouchpointInput } from '../../model';
import { humanize, nonEmpty, toIso, toNumber } from '../common';
import type { Contact, EmailEvent, HistoryEntry, ListMemberships } from './schemas';

export const EMAIL_EVENT_KINDS: Record<string, Touchpoint['kind']> = {
  SENT: 'email_sent',
  OPEN: 'email_open',
  CLICK: 'email_click',
  BOUNCE: 'other',
  SPAMREPORT: 'other',
  STATUSCHANGE: 'other',
  FORWARD: 'other',
  PRINT: 'other',
};

const EVENT_TITLES: Record<string, string> = {
  BOUNCE: 'Email bounced',
  SPAMREPORT: 'Marked an email as spam',
  STATUSCHANGE: 'Changed email subscription',
  FORWARD: 'Forwarded an email',
  PRINT: 'Printed an email',
};

/** Whether an email event is one Loopline shows (sends, opens, clicks and a few others). */
export function isTouchEvent(event: EmailEvent): boolean {
  return EMAIL_EVENT_KINDS[event.type] !== undefined;
}

/** The subject each email campaign went out with, from the events themselves. */
export function campaignSubjects(events: readonly EmailEvent[]): Map<number, string> {
  const subjects = new Map<number, string>();
  for (const e of events)
    if (e.emailCampaignId !== undefined && e.subject) subjects.set(e.emailCampaignId, e.subject);
  return subjects;
}

/** One email event as a touchpoint, under its campaign's name (else its subject). */
export function eventTouchpoint(
  e: EmailEvent,
  email: string,
  names: ReadonlyMap<number, string>,
  subjects: ReadonlyMap<number, string>,
): TouchpointInput {
  const kind = EMAIL_EVENT_KINDS[e.type]!;
  const campaignId = e.emailCampaignId;
  const name =
    campaignId === undefined
      ? undefined
      : (names.get(campaignId) ?? subjects.get(campaignId) ?? `Email ${campaignId}`);
  const robot = [e.browser?.type, e.browser?.name].some((v) => v && /robot|bot\b|crawler|spider/i.test(v));
  const subject = campaignId === undefined ? e.subject : subjects.get(campaignId);
  const verb =
    kind === 'email_sent'
      ? 'Sent'
      : kind === 'email_open'
        ? 'Opened'
        : kind === 'email_click'
          ? 'Clicked'
          : '';
  return {
    id: `hubspot:event:${e.id}`,
    leadEmail: email,
    occurredAt: new Date(e.created).toISOString(),
    kind,
    campaign:
      campaignId === undefined
        ? undefined
        : { id: `hubspot-email-${campaignId}`, name: name!, channel: 'email' },
    title: verb ? `${verb} “${subject ?? name ?? 'an email'}”` : (EVENT_TITLES[e.type] ?? humanize(e.type)),
    url: kind === 'email_click' ? e.url : undefined,
    source: 'hubspot',
    ...(e.filteredEvent
      ? { machine: true, machineReason: 'HubSpot filtered it from reporting (bot or security scanner)' }
      : robot
        ? { machine: true, machineReason: 'HubSpot saw a robot user agent' }
        : {}),
  };
}

type ListMembership = z.infer<typeof ListMemberships>['results'][number];

/** When the contact joined the list (first added, else last added); undefined when unknown. */
export function addedAt(membership: ListMembership): string | undefined {
  return toIso(membership.firstAddedTimestamp ?? membership.lastAddedTimestamp);
}

export function listTouchpoint(m: ListMembership, name: string, email: string): TouchpointInput {
  return {
    id: `hubspot:list:${m.listId}`,
    leadEmail: email,
    occurredAt: addedAt(m)!,
    kind: 'list_added',
    campaign: { id: `hubspot-list-${m.listId}`, name, channel: 'other' },
    title: `Added to list “${name}”`,
    source: 'hubspot',
  };
}

/** Form submissions, first and last visit, and lifecycle stage changes, from the contact's properties. */
export function propertyTouchpoints(contact: Contact, email: string, since: Date): TouchpointInput[] {
  const p = contact.properties;
  const history = contact.propertiesWithHistory ?? {};
  const out: TouchpointInput[] = [];
  const sinceIso = since.toISOString();
  const forms = history.recent_conversion_event_name ?? [];
  const seen = new Set<string>();
  const addForm = (name: string | null | undefined, at: string | undefined) => {
    const title = nonEmpty(name);
    if (!title || !at || at < sinceIso || seen.has(at)) return;
    seen.add(at);
    out.push({
      id: `hubspot:form:${contact.id}:${at}`,
      leadEmail: email,
      occurredAt: at,
      kind: 'form_submit',
      title: `Submitted “${title}”`,
      source: 'hubspot',
    });
  };
  for (const entry of forms) addForm(entry.value, toIso(entry.timestamp));
  // Without history (older portals), the first and most recent conversions are still known.
  addForm(p.recent_conversion_event_name, toIso(p.recent_conversion_date));
  addForm(p.first_conversion_event_name, toIso(p.first_conversion_date));

  for (const [which, urlKey, atKey] of [
    ['first', 'hs_analytics_first_url', 'hs_analytics_first_timestamp'],
    ['last', 'hs_analytics_last_url', 'hs_analytics_last_timestamp'],
  ] as const) {
    const url = nonEmpty(p[urlKey]);
    const at = toIso(p[atKey]);
    if (!url || !at || at < sinceIso) continue;
    if (which === 'last' && at === toIso(p.hs_analytics_first_timestamp)) continue;
    out.push({
      id: `hubspot:page:${contact.id}:${which}:${at}`,
      leadEmail: email,
      occurredAt: at,
      kind: 'page_view',
      title: which === 'first' ? 'First visit' : 'Most recent visit',
      url,
      detail: url,
      source: 'hubspot',
    });
  }

  const stages = history.lifecyclestage ?? [];
  for (const entry of stages) {
    const at = toIso(entry.timestamp);
    const value = nonEmpty(entry.value);
    if (!at || !value || at < sinceIso) continue;
    out.push({
      id: `hubspot:stage:${contact.id}:${at}:${value}`,
      leadEmail: email,
      occurredAt: at,
      kind: 'stage_change',
      title: `Lifecycle stage: ${value}`,
      detail: entry.sourceType ? `Changed by ${humanize(entry.sourceType)}` : undefined,
      source: 'hubspot',
    });
  }
  return out;
}

/** The score in force at `at`: the newest history entry not after it. History is newest first. */
export function scoreAt(history: HistoryEntry[] | undefined, at: number): number | undefined {
  if (!history) return undefined;
  const entries = [...history].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const entry = entries.find((e) => Date.parse(e.timestamp) <= at);
  return entry ? toNumber(entry.value) : undefined;
}

/** When the contact first became an MQL, from the lifecycle stage's change log. */
export function mqlFromHistory(history: HistoryEntry[] | undefined): string | undefined {
  const times = (history ?? [])
    .filter((e) => e.value === 'marketingqualifiedlead')
    .map((e) => toIso(e.timestamp))
    .filter((t): t is string => t !== undefined)
    .sort();
  return times[0];
}
