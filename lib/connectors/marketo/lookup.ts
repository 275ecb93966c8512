/**
 * Finding the Marketo lead behind an email ("Leads": query by filter) and reading its history:
 * activities through the paging-token loop ("Activities"), program memberships and the names of
 * those programs (Asset API).
 */
import { Lead, Touchpoint, type Channel, type TouchpointInput } from '../../model';
import { historyStart, newestFirst, nonEmpty } from '../common';
import { validate } from '../http';
import { ConnectorError, readPart, type HistoryOptions } from '../types';
import type { MarketoApi } from './api';
import type { MarketoSettingsValue } from './auth';
import {
  ActivitiesResponse,
  ActivityTypesResponse,
  AssetProgramResponse,
  LeadsResponse,
  MembershipResponse,
  PagingTokenResponse,
  type Activity,
  type ActivityType,
  type MarketoLead,
  type Membership,
} from './schemas';
import {
  activityTouchpoint,
  channelOf,
  HISTORY_TYPES,
  membershipTouchpoint,
  programInfo,
} from './touchpoints';

export const LEAD_FIELDS = [
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
] as const;

const MAX_ACTIVITY_PAGES = 20;
const MAX_PROGRAM_LOOKUPS = 20;

export interface MarketoLookupOptions {
  settings: MarketoSettingsValue;
  now: () => Date;
  historyDays?: number;
}

export type MarketoLookup = ReturnType<typeof createMarketoLookup>;

export function createMarketoLookup({ client, api }: MarketoApi, { now, historyDays }: MarketoLookupOptions) {
  let types: Promise<ActivityType[]> | undefined;
  const programs = new Map<number, Promise<{ name: string; channel: Channel } | undefined>>();

  function activityTypes(signal?: AbortSignal): Promise<ActivityType[]> {
    types ??= api('GET', '/rest/v1/activities/types.json', ActivityTypesResponse, 'Marketo activity types', {
      signal,
    })
      .then((body) => body.result)
      .catch((error: unknown) => {
        types = undefined;
        throw error;
      });
    return types;
  }

  async function findLead(
    email: string,
    fields: readonly string[],
    signal?: AbortSignal,
  ): Promise<(MarketoLead & Record<string, unknown>) | undefined> {
    const query = new URLSearchParams({ filterType: 'email', filterValues: email, fields: fields.join(',') });
    const body = await api('GET', `/rest/v1/leads.json?${query}`, LeadsResponse, 'Marketo lead', { signal });
    // Marketo allows duplicates by email; the most recently updated one is the one sales works.
    return [...body.result].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))[0];
  }

  function toLead(lead: MarketoLead, requested: string): Lead {
    const owner =
      nonEmpty([lead.leadOwnerFirstName, lead.leadOwnerLastName].filter(Boolean).join(' ')) ??
      nonEmpty(lead.leadOwnerEmail);
    return validate(
      client,
      {
        email: nonEmpty(lead.email) ?? requested,
        name: nonEmpty([lead.firstName, lead.lastName].filter(Boolean).join(' ')),
        company: nonEmpty(lead.company),
        title: nonEmpty(lead.title),
        leadStatus: nonEmpty(lead.leadStatus),
        score: lead.leadScore ?? undefined,
        owner,
        source: nonEmpty(lead.leadSource),
        refs: [{ source: 'marketo', id: String(lead.id) }],
      },
      Lead,
      'Marketo lead',
    );
  }

  async function leadId(lead: Lead, signal?: AbortSignal): Promise<number | undefined> {
    const ref = lead.refs.find((r) => r.source === 'marketo');
    if (ref && /^\d+$/.test(ref.id)) return Number(ref.id);
    return (await findLead(lead.email, ['email'], signal))?.id;
  }

  async function activities(
    leadIdValue: number,
    typeIds: number[],
    since: Date,
    signal?: AbortSignal,
  ): Promise<Activity[]> {
    const start = await api(
      'GET',
      `/rest/v1/activities/pagingtoken.json?${new URLSearchParams({ sinceDatetime: since.toISOString() })}`,
      PagingTokenResponse,
      'Marketo paging token',
      { signal },
    );
    const out: Activity[] = [];
    let pageToken = start.nextPageToken;
    for (let page = 0; page < MAX_ACTIVITY_PAGES; page++) {
      const query = new URLSearchParams({
        nextPageToken: pageToken,
        activityTypeIds: typeIds.join(','),
        leadIds: String(leadIdValue),
        batchSize: '300',
      });
      const body = await api(
        'GET',
        `/rest/v1/activities.json?${query}`,
        ActivitiesResponse,
        'Marketo activities',
        { signal },
      );
      out.push(...body.result);
      // Pages can be empty while moreResult stays true; the page cap bounds that too.
      if (!body.moreResult || !body.nextPageToken || body.nextPageToken === pageToken) break;
      pageToken = body.nextPageToken;
    }
    return out;
  }

  function program(id: number, signal?: AbortSignal) {
    let pending = programs.get(id);
    if (!pending) {
      pending = api('GET', `/rest/asset/v1/program/${id}.json`, AssetProgramResponse, 'Marketo program', {
        signal,
      })
        .then((body) => {
          const found = body.result?.[0];
          return found ? { name: found.name, channel: channelOf(found.channel ?? found.type) } : undefined;
        })
        .catch((error: unknown) => {
          programs.delete(id);
          // A program that is gone keeps its id; other failures are reported by the caller.
          if (error instanceof ConnectorError && error.kind === 'not_found') return undefined;
          throw error;
        });
      programs.set(id, pending);
    }
    return pending;
  }

  async function memberships(id: number, signal?: AbortSignal): Promise<Membership[]> {
    const body = await api(
      'GET',
      `/rest/v1/leads/${id}/programMembership.json`,
      MembershipResponse,
      'Marketo program membership',
      {
        signal,
      },
    );
    return body.result;
  }

  async function history(lead: Lead, options: HistoryOptions = {}) {
    const signal = options.signal;
    const since = historyStart(now(), options.since, historyDays);
    const id = await leadId(lead, signal);
    if (id === undefined) return [];
    const all = await activityTypes(signal);
    const byId = new Map(all.map((t) => [t.id, t.name]));
    const typeIds = all
      .filter((t) => t.name in HISTORY_TYPES)
      .map((t) => t.id)
      .slice(0, 10);

    // Secondary parts: without them the activities still show, under the email's program name.
    const member = await readPart('program memberships', () => memberships(id, signal), [], options);
    const info = new Map<number, { name: string; channel: Channel }>();
    await Promise.all(
      member.slice(0, MAX_PROGRAM_LOOKUPS).map(async (m) => {
        // Program names need the asset read permission; without it the ids still show.
        const found = await readPart('program names', () => program(m.id, signal), undefined, options);
        if (found) info.set(m.id, found);
      }),
    );
    const known = programInfo(info);

    const found = typeIds.length > 0 ? await activities(id, typeIds, since, signal) : [];
    const touchpoints: TouchpointInput[] = [];
    for (const activity of found) {
      const t = activityTouchpoint(activity, byId.get(activity.activityTypeId) ?? '', lead.email, known);
      if (t) touchpoints.push(t);
    }
    for (const m of member) {
      const t = membershipTouchpoint(m, lead.email, known);
      if (t) touchpoints.push(t);
    }
    const sinceIso = since.toISOString();
    return newestFirst(
      touchpoints
        .map((t) => validate(client, t, Touchpoint, 'Marketo activity'))
        .filter((t) => t.occurredAt >= sinceIso),
    );
  }

  return { activityTypes, findLead, toLead, leadId, activities, history };
}
