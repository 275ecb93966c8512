/**
 * HubSpot records as Loopline touchpoints and lead fields: pure mapping, no requests. Email
 * events come from the legacy email events API, list memberships from lists v3, form
 * submissions, visits and stage changes from the contact's properties and their history.
 */
import type { z } from 'zod';
import type { TouchpointInput } from '../../model';
import { humanize, nonEmpty, toIso, toNumber } from '../common';
import { formKind } from '../vocabulary';
import type { Contact, EmailEvent, HistoryEntry, ListMemberships } from './schemas';
import {
  emailCampaign,
  emailEvent,
  emailEventTitle,
  formTitle,
  machineOf,
  type EmailEventMeaning,
} from './vocabulary';

/** Whether an email event is one Loopline shows (the vocabulary's, less the repeats of a send). */
export function isTouchEvent(event: EmailEvent): boolean {
  const meaning = emailEvent(event.type);
  return meaning !== undefined && meaning !== 'skip';
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
  const known = emailEvent(e.type);
  // Callers keep only touch events (isTouchEvent); any other reads as its own humanised name.
  const event: EmailEventMeaning =
    typeof known === 'object' ? known : { kind: 'other', title: humanize(e.type) };
  const campaignId = e.emailCampaignId;
  const name =
    campaignId === undefined
      ? undefined
      : (names.get(campaignId) ?? subjects.get(campaignId) ?? `Email ${campaignId}`);
  const subject = campaignId === undefined ? e.subject : subjects.get(campaignId);
  return {
    id: `hubspot:event:${e.id}`,
    leadEmail: email,
    occurredAt: new Date(e.created).toISOString(),
    kind: event.kind,
    campaign: campaignId === undefined ? undefined : emailCampaign(campaignId, name!),
    title: emailEventTitle(event, subject ?? name),
    url: event.kind === 'email_click' ? e.url : undefined,
    source: 'hubspot',
    ...machineOf(e.filteredEvent === true, [e.browser?.type, e.browser?.name]),
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
      kind: formKind(title),
      title: formTitle(title),
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
