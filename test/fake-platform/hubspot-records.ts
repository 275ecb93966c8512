/**
 * The fake HubSpot portal's records as the API returns them (contacts with property history,
 * email events, campaigns, lists), and its error envelope. hubspot.ts routes requests to them.
 */
import type { FakeResponse, StoredLead } from './types';
import type { PlatformState } from './platform';
import { json, stableNumber } from './util';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const ALWAYS = ['createdate', 'lastmodifieddate', 'hs_object_id'];

export function correlationId(state: PlatformState): string {
  const n = (state.seq * 2654435761) >>> 0;
  return `${n.toString(16).padStart(8, '0')}-5c1e-4f0a-9d2b-${String(state.seq).padStart(12, '0')}`;
}

export function error(
  state: PlatformState,
  status: number,
  message: string,
  category: string,
  extra: object = {},
): FakeResponse {
  return json(status, { status: 'error', message, correlationId: correlationId(state), category, ...extra });
}

export function missingScope(state: PlatformState, scope: string): FakeResponse {
  return error(
    state,
    403,
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    'MISSING_SCOPES',
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: [scope] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

export function notFound(state: PlatformState): FakeResponse {
  return error(state, 404, 'resource not found', 'OBJECT_NOT_FOUND');
}

export function known(state: PlatformState): StoredLead[] {
  return state.leads.filter((l) => !l.seed.platforms || l.seed.platforms.includes('hubspot'));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export interface HistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId: string | null;
}

export function history(lead: StoredLead, property: string, now: number): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const created = Date.parse(lead.createdAt);
  if (property === 'lifecyclestage') {
    entries.push({ value: 'lead', timestamp: lead.createdAt, sourceType: 'FORM', sourceId: null });
    if (lead.mqlAt) {
      entries.push({
        value: 'marketingqualifiedlead',
        timestamp: lead.mqlAt,
        sourceType: 'AUTOMATION_PLATFORM',
        sourceId: 'enrollmentId:1',
      });
    }
  } else if (property === 'hubspotscore') {
    if (lead.seed.score30dAgo !== undefined) {
      entries.push({
        value: String(lead.seed.score30dAgo),
        timestamp: iso(Math.max(created, now - 45 * DAY_MS)),
        sourceType: 'CALCULATED',
        sourceId: null,
      });
    }
  } else if (property === 'recent_conversion_event_name') {
    for (const touch of lead.touches.filter((t) => t.kind === 'form_submit')) {
      entries.push({ value: touch.title ?? 'Form', timestamp: touch.at, sourceType: 'FORM', sourceId: null });
    }
  }
  const current = lead.hubspotProps[property];
  entries.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  if (current !== undefined && entries[0]?.value !== current) {
    // The current value was set after every recorded change, a day ago at the latest.
    const last = entries[0] ? Date.parse(entries[0].timestamp) : created;
    entries.unshift({
      value: current,
      timestamp: iso(Math.max(last + 1, now - DAY_MS)),
      sourceType: 'CRM_UI',
      sourceId: 'userId:1',
    });
    entries.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  }
  return entries;
}

export function contactJson(lead: StoredLead, query: URLSearchParams, now: number) {
  const requested = query.get('properties')?.split(',').filter(Boolean) ?? ['email', 'firstname', 'lastname'];
  const properties: Record<string, string | null> = {};
  for (const key of [...requested, ...ALWAYS]) properties[key] = lead.hubspotProps[key] ?? null;
  properties.lastmodifieddate = iso(now - DAY_MS);
  const body: Record<string, unknown> = {
    id: lead.hubspotId,
    properties,
    createdAt: lead.createdAt,
    updatedAt: iso(now - DAY_MS),
    archived: false,
  };
  const withHistory = query.get('propertiesWithHistory')?.split(',').filter(Boolean);
  if (withHistory?.length) {
    body.propertiesWithHistory = Object.fromEntries(withHistory.map((p) => [p, history(lead, p, now)]));
  }
  return body;
}

export function emailEvents(state: PlatformState, recipient: string | null) {
  const { portalId } = state.config.hubspot;
  const events = [];
  for (const lead of known(state)) {
    if (recipient && lead.email !== recipient.toLowerCase()) continue;
    for (const touch of lead.touches) {
      const type =
        touch.kind === 'email_sent'
          ? 'SENT'
          : touch.kind === 'email_open'
            ? 'OPEN'
            : touch.kind === 'email_click'
              ? 'CLICK'
              : undefined;
      if (!type) continue;
      const emailCampaignId = touch.campaign ? stableNumber(`hs-email:${touch.campaign.id}`) : undefined;
      const event: Record<string, unknown> = {
        id: `${lead.hubspotId.padStart(8, '0')}-${String(touch.index).padStart(4, '0')}-4b8e-a1c3-${type.toLowerCase().padEnd(12, '0')}`,
        created: Date.parse(touch.at),
        type,
        recipient: lead.email,
        portalId,
        appId: 113,
        appName: 'BatchEmail',
        emailCampaignId,
        sentBy: { id: `sent-${lead.hubspotId}-${emailCampaignId ?? 0}`, created: Date.parse(touch.at) },
      };
      if (type === 'SENT')
        Object.assign(event, {
          subject: touch.title ?? 'Newsletter',
          from: 'Loopline Demo <news@loopline-demo.example>',
        });
      if (type === 'OPEN' || type === 'CLICK') {
        Object.assign(event, {
          filteredEvent: touch.machine === true,
          browser: {
            name: 'Apple Mail',
            family: 'Apple Mail',
            producer: 'Apple Inc.',
            type: 'Email client',
            url: '',
            producerUrl: '',
            version: [],
          },
          location: { city: 'Boston', state: 'massachusetts', country: 'UNITED STATES' },
          userAgent:
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
        });
        if (type === 'OPEN') event.duration = touch.machine ? 0 : 4200;
        if (type === 'CLICK')
          Object.assign(event, { url: touch.url ?? 'https://www.loopline-demo.example/', referer: '' });
      }
      events.push(event);
    }
  }
  return events.sort((a, b) => (b.created as number) - (a.created as number));
}

export function campaigns(state: PlatformState) {
  const out = new Map<number, { name: string; subject: string }>();
  for (const lead of known(state)) {
    for (const touch of lead.touches) {
      if (!touch.campaign || !touch.kind.startsWith('email_')) continue;
      const id = stableNumber(`hs-email:${touch.campaign.id}`);
      if (!out.has(id) || touch.kind === 'email_sent')
        out.set(id, { name: touch.campaign.name, subject: touch.title ?? touch.campaign.name });
    }
  }
  return out;
}

export function lists(lead: StoredLead) {
  return lead.touches
    .filter((t) => t.kind === 'list_added' && t.campaign)
    .map((t) => ({
      listId: String(stableNumber(`hs-list:${t.campaign!.id}`, 9000, 100)),
      name: t.campaign!.name,
      at: t.at,
    }));
}

export function allLists(state: PlatformState) {
  return known(state).flatMap(lists);
}
