/**
 * Marketo connector. Docs: experienceleague.adobe.com → Marketo Engage developer docs — REST
 * API "Authentication" (client-credentials token, Bearer header), "Leads" (query by filter,
 * sync), "Activities" (activity types, paging token, get activities, custom activities),
 * "Program members" (lead program membership), Asset API "Programs" (get by id), "Custom
 * activities" (types and their attributes), "Error codes" and "Limits" (100 calls per 20 s, 10
 * concurrent, daily quota). Errors arrive as HTTP 200 with `success:false`.
 */
import type { z } from 'zod';
import {
  Lead,
  Touchpoint,
  type Channel,
  type Outcome,
  type TouchpointInput,
  type TouchpointKind,
} from '../../model';
import type { MarketoSettings } from '../../settings/schema';
import {
  asAmbiguous,
  asTestResult,
  historyStart,
  newestFirst,
  nonEmpty,
  normaliseEmail,
  outcomePlainText,
  resolveNow,
  toIso,
  type ConnectorFactoryOptions,
} from '../common';
import {
  createHttpClient,
  excerpt,
  msUntilMidnight,
  parseBody,
  statusError,
  validate,
  type HttpMethod,
} from '../http';
import { createPlatformLimiter } from '../limiter';
import {
  ConnectorError,
  readPart,
  type Connector,
  type HistoryOptions,
  type WriteBackReadiness,
  type WriteOptions,
  type WriteReceipt,
} from '../types';
import {
  ActivitiesResponse,
  ActivityTypesResponse,
  AssetProgramResponse,
  CustomActivityResponse,
  CustomActivityTypesResponse,
  Envelope,
  IdentityError,
  IdentityResponse,
  LeadsResponse,
  MembershipResponse,
  PagingTokenResponse,
  SyncResponse,
  type Activity,
  type ActivityType,
  type MarketoLead,
  type Membership,
} from './schemas';

export type MarketoSettingsValue = z.infer<typeof MarketoSettings>;

export interface MarketoToken {
  value: string;
  expiresAt: number;
}

export interface MarketoConnectorOptions extends ConnectorFactoryOptions<MarketoSettingsValue> {
  /** Shared across connector instances so that each delivery does not fetch a new token. */
  tokens?: Map<string, MarketoToken>;
}

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

/**
 * Standard activity types read for history, by name (ids are per instance for custom types and
 * the names are stable). The activities endpoint takes at most 10 type ids per call.
 */
export const HISTORY_TYPES: Record<string, TouchpointKind> = {
  'Visit Webpage': 'page_view',
  'Fill Out Form': 'form_submit',
  'Click Link': 'other',
  'Send Email': 'email_sent',
  'Open Email': 'email_open',
  'Click Email': 'email_click',
  'Change Status in Progression': 'other',
  'Add to List': 'list_added',
  'Change Score': 'score_change',
  'Interesting Moment': 'other',
};

const MAX_ACTIVITY_PAGES = 20;
const MAX_PROGRAM_LOOKUPS = 20;
const RATE_LIMIT_BACKOFF_MS = 20_000;
const CONCURRENCY_BACKOFF_MS = 5_000;

const ERROR_TEXT: Record<string, string> = {
  '603': 'the API user lacks permission for this call (role of the API-only user)',
  '610': 'the requested resource does not exist',
  '1003': 'a value in the request was rejected',
  '1006': 'a field does not exist in this instance',
};

export interface MarketoConnector extends Connector {
  readonly id: 'marketo';
  /**
   * The instance's custom activity types, each with the field that would carry the outcome id
   * (for Options to offer the types that can take outcomes and explain the others).
   */
  listOutcomeActivityTypes(signal?: AbortSignal): Promise<OutcomeActivityType[]>;
}

/** A custom activity type as Options offers it for outcomes. */
export interface OutcomeActivityType {
  id: number;
  name: string;
  apiName?: string;
  /** Marketo's state of the type: only an approved type takes activities. */
  status?: string;
  approved: boolean;
  /** Where the outcome id would go; absent when no field can carry it. */
  idField?: OutcomeIdField;
  canCarryOutcomeId: boolean;
  /** Why the type cannot take outcomes, when it cannot. */
  reason?: string;
}

/** The field of a custom activity that carries the outcome id, the key a retry looks for. */
export interface OutcomeIdField {
  where: 'primary' | 'attribute';
  apiName: string;
  name: string;
}

interface AttributeLike {
  name: string;
  apiName?: string;
  dataType?: string;
}

interface ActivityTypeLike {
  name: string;
  primaryAttribute?: AttributeLike;
  attributes: AttributeLike[];
}

/** Custom activity data types that hold a 36-character id ("Custom activities" → data types). */
const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'text']);
/** An attribute meant for the outcome id: "Outcome Id", "looplineId", "id", "External Id". */
const ID_NAME = /(outcome|loopline)[\s_-]*(id|key)\b|^id$|^external[\s_-]*id$|idempotency/i;

function canCarryText(attribute: AttributeLike): boolean {
  return TEXT_TYPES.has((attribute.dataType ?? '').toLowerCase());
}

function namedAsId(attribute: AttributeLike): boolean {
  return ID_NAME.test(attribute.apiName ?? '') || ID_NAME.test(attribute.name);
}

/**
 * Whether the primary attribute is to carry the outcome id under the configured primary field:
 * empty or `id` says so, `kind` and `label` put those there instead, and any other value leaves
 * it to the attribute's own name.
 */
function primaryCarriesId(primary: AttributeLike, primaryField: string): boolean {
  const chosen = primaryField.trim().toLowerCase();
  if (chosen === '' || chosen === 'id') return true;
  if (chosen === 'kind' || chosen === 'label') return false;
  return namedAsId(primary);
}

/**
 * The field of a custom activity type that carries the outcome id, chosen the same way every
 * time: the primary attribute when it is text and is to carry the id, else the first text
 * attribute (in the type's order) named for it ("Outcome Id", "looplineId", "Id"). Undefined
 * when there is none: such a type cannot take outcomes, because a retry could not find them.
 */
export function outcomeIdField(type: ActivityTypeLike, primaryField = ''): OutcomeIdField | undefined {
  const primary = type.primaryAttribute;
  if (primary && canCarryText(primary) && primaryCarriesId(primary, primaryField))
    return { where: 'primary', apiName: primary.apiName ?? primary.name, name: primary.name };
  const attribute = type.attributes.find((a) => canCarryText(a) && namedAsId(a));
  return attribute
    ? { where: 'attribute', apiName: attribute.apiName ?? attribute.name, name: attribute.name }
    : undefined;
}

function noIdFieldMessage(typeName: string): string {
  return (
    `the custom activity type “${typeName}” has no text field that can carry the outcome id, so a ` +
    'retry could not tell whether an outcome was already written. Add a string attribute named ' +
    '“Outcome Id” to it in Marketo, or choose another type in Options → Outcomes'
  );
}

/**
 * Whether an outcome (of `kind`, or of any kind) could be written back to Marketo with these
 * settings, without asking Marketo: the outcome needs a custom activity type or a mapped status.
 * The custom type's fields are checked by `test()` and again on each write.
 */
export function marketoWriteBackReadiness(
  settings: MarketoSettingsValue,
  kind?: string,
  /** How the outcome is named to the user (its label); the key when absent. */
  label = kind,
): WriteBackReadiness {
  if (!baseOf(settings.baseUrl) || !settings.clientId || !settings.clientSecret) {
    return {
      ready: false,
      missing: 'the Marketo REST API base URL, client id and secret are not all set',
      fix: 'sources',
    };
  }
  if (settings.customActivityTypeId) return { ready: true };
  const mapped =
    settings.statusField !== '' &&
    (kind === undefined
      ? Object.values(settings.statusMapping).some((value) => value.trim() !== '')
      : (settings.statusMapping[kind] ?? '').trim() !== '');
  if (mapped) return { ready: true };
  return {
    ready: false,
    missing:
      kind === undefined
        ? 'no outcome has a Marketo status value and no custom activity type is set'
        : `no Marketo status value is set for “${label}” and no custom activity type is set`,
    fix: 'outcomes',
  };
}

function baseOf(url: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function attributeValue(activity: Activity, name: string): unknown {
  const wanted = name.toLowerCase();
  return activity.attributes.find((a) => (a.name ?? a.apiName ?? '').toLowerCase() === wanted)?.value;
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return nonEmpty(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** Marketo program channels are named by each instance; map the common names. */
export function channelOf(name: string | undefined): Channel {
  const n = (name ?? '').toLowerCase();
  if (/webinar/.test(n)) return 'webinar';
  if (/nurture|engagement/.test(n)) return 'nurture';
  if (/trade ?show|event|roadshow|conference|field/.test(n)) return 'event';
  if (/email|newsletter/.test(n)) return 'email';
  if (/paid search|ppc|sem/.test(n)) return 'paid_search';
  if (/social|linkedin|facebook/.test(n)) return 'paid_social';
  if (/content|ebook|white ?paper|syndication/.test(n)) return 'content';
  if (/web|seo|organic/.test(n)) return 'organic';
  return 'other';
}

export function createMarketoConnector(options: MarketoConnectorOptions): MarketoConnector {
  const { settings, historyDays } = options;
  const now = resolveNow(options);
  const client = createHttpClient({
    source: 'marketo',
    label: 'Marketo',
    fetch: options.fetch,
    clock: options.clock,
    limiter: options.limiter ?? createPlatformLimiter('marketo', options.clock),
    timeoutMs: options.timeoutMs,
    secrets: () => [settings.clientId, settings.clientSecret, tokens.get(tokenKey)?.value],
  });
  const base = baseOf(settings.baseUrl);
  const tokens = options.tokens ?? new Map<string, MarketoToken>();
  const tokenKey = `${base}|${settings.clientId}`;
  let pendingToken: Promise<string> | undefined;
  let types: Promise<ActivityType[]> | undefined;
  const programs = new Map<number, Promise<{ name: string; channel: Channel } | undefined>>();

  function requireConfig(): string {
    if (!base)
      throw client.error(
        'config',
        'Marketo: set the REST API base URL (Admin → Web Services), like https://123-ABC-456.mktorest.com.',
      );
    if (!settings.clientId || !settings.clientSecret) {
      throw client.error(
        'config',
        'Marketo: set the client id and secret of the LaunchPoint custom service.',
      );
    }
    return base;
  }

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const root = requireConfig();
    // In a form body, never in the query string: URLs end up in logs, proxies and histories.
    const response = await client.send({
      method: 'POST',
      url: `${root}/identity/oauth/token`,
      form: {
        grant_type: 'client_credentials',
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
      },
      signal,
      what: 'Marketo access token',
      safe: true,
    });
    if (response.status === 401 || response.status === 400) {
      const body = IdentityError.parse(safeJson(response.text));
      throw client.error(
        'auth',
        `Marketo rejected the client id or secret (${body.error_description ?? body.error ?? response.status}). Check the LaunchPoint service's credentials.`,
      );
    }
    if (response.status !== 200)
      throw statusError(client, { method: 'POST', what: 'Marketo access token', safe: true }, response);
    const token = parseBody(client, response, IdentityResponse, 'Marketo access token');
    // A few seconds of margin: a token that expires in flight costs a 602 and a renewal.
    tokens.set(tokenKey, {
      value: token.access_token,
      expiresAt: client.clock.now() + Math.max(0, token.expires_in - 5) * 1000,
    });
    return token.access_token;
  }

  function token(signal?: AbortSignal, renew = false): Promise<string> {
    const cached = tokens.get(tokenKey);
    if (!renew && cached && cached.expiresAt > client.clock.now()) return Promise.resolve(cached.value);
    if (renew) tokens.delete(tokenKey);
    // Concurrent callers share one token request.
    pendingToken ??= fetchToken(signal).finally(() => {
      pendingToken = undefined;
    });
    return pendingToken;
  }

  function envelopeError(code: string, message: string, what: string, method: HttpMethod): ConnectorError {
    const said = message ? `: ${excerpt(message)}` : '';
    switch (code) {
      case '606':
        return client.error(
          'rate_limited',
          `Marketo: more than 100 calls in 20 seconds (606); backing off.`,
          {
            retryAfterMs: RATE_LIMIT_BACKOFF_MS,
          },
        );
      case '615':
        return client.error('rate_limited', 'Marketo: too many concurrent calls (615); backing off.', {
          retryAfterMs: CONCURRENCY_BACKOFF_MS,
        });
      case '607':
        return client.error(
          'quota',
          'Marketo: the daily API quota is used up (607); it resets at midnight US Central time.',
          {
            retryAfterMs: msUntilMidnight(now(), 'America/Chicago'),
          },
        );
      case '600':
      case '601':
      case '602':
        return client.error(
          'auth',
          `Marketo refused the access token even after renewing it (${code}${said}).`,
        );
      case '603':
        return client.error('scope', `Marketo: ${ERROR_TEXT[code]} for ${what} (603${said}).`);
      case '604':
      case '608':
      case '611':
      case '713':
        return client.error('server', `Marketo could not complete ${what} (${code}${said}).`, {
          ambiguous: method !== 'GET',
        });
      case '610':
        return client.error('not_found', `Marketo: ${ERROR_TEXT[code]} (${what}, 610).`);
      default:
        return client.error(
          'config',
          `${what}: Marketo rejected the request (${code}${said})${ERROR_TEXT[code] ? `; ${ERROR_TEXT[code]}` : ''}.`,
        );
    }
  }

  async function api<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    schema: S,
    what: string,
    init: { json?: unknown; signal?: AbortSignal } = {},
  ): Promise<z.output<S>> {
    const root = requireConfig();
    let renewed = false;
    for (;;) {
      const access = await token(init.signal, renewed);
      const response = await client.send({
        method,
        url: `${root}${path}`,
        headers: { Authorization: `Bearer ${access}` },
        json: init.json,
        signal: init.signal,
        what,
      });
      if (response.status !== 200)
        throw statusError(client, { method, what }, response, excerpt(response.text) || undefined);
      const envelope = parseBody(client, response, Envelope, what);
      if (!envelope.success) {
        const first = envelope.errors?.[0];
        const code = first?.code ?? 'unknown';
        // 601 (invalid) and 602 (expired): get a new token and try once more.
        if ((code === '601' || code === '602') && !renewed) {
          renewed = true;
          continue;
        }
        throw envelopeError(code, first?.message ?? '', what, method);
      }
      return parseBody(client, response, schema, what);
    }
  }

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

  function activityTouchpoint(
    activity: Activity,
    typeName: string,
    email: string,
    programsByName: Map<string, { id: number; channel: Channel }>,
    programInfo: Map<number, { name: string; channel: Channel }>,
  ): TouchpointInput | undefined {
    const occurredAt = toIso(activity.activityDate);
    if (!occurredAt) return undefined;
    const primary = nonEmpty(activity.primaryAttributeValue);
    const base = {
      id: `marketo:${activity.marketoGUID ?? activity.id ?? `${activity.leadId}-${activity.activityDate}-${activity.activityTypeId}`}`,
      leadEmail: email,
      occurredAt,
      source: 'marketo' as const,
    };
    const bot =
      isTrue(attributeValue(activity, 'Is Bot Activity')) || isTrue(attributeValue(activity, 'Bot Activity'));
    const machine = bot
      ? {
          machine: true,
          machineReason: `Marketo flagged bot activity${asText(attributeValue(activity, 'Bot Activity Pattern')) ? ` (${asText(attributeValue(activity, 'Bot Activity Pattern'))})` : ''}`,
        }
      : {};
    const kind = HISTORY_TYPES[typeName] ?? 'other';

    if (typeName === 'Send Email' || typeName === 'Open Email' || typeName === 'Click Email') {
      // Marketo names emails "Program.Email"; the program part links the touch to its campaign.
      const dot = primary?.indexOf('.') ?? -1;
      const programName = primary && dot > 0 ? primary.slice(0, dot) : undefined;
      const emailName = primary && dot > 0 ? primary.slice(dot + 1) : primary;
      const linked = programName ? programsByName.get(programName.toLowerCase()) : undefined;
      const campaign = linked
        ? { id: `marketo-program-${linked.id}`, name: programName!, channel: linked.channel }
        : primary
          ? {
              id: `marketo-email-${activity.primaryAttributeValueId ?? primary}`,
              name: programName ?? primary,
              channel: 'email' as const,
            }
          : undefined;
      const verb = typeName === 'Send Email' ? 'Sent' : typeName === 'Open Email' ? 'Opened' : 'Clicked';
      return {
        ...base,
        kind,
        campaign,
        title: `${verb} “${emailName ?? 'an email'}”`,
        url: typeName === 'Click Email' ? asText(attributeValue(activity, 'Link')) : undefined,
        ...machine,
      };
    }
    if (typeName === 'Visit Webpage') {
      const path = asText(attributeValue(activity, 'Webpage URL'));
      const query = asText(attributeValue(activity, 'Query Parameters'));
      const page = primary ? (/^https?:\/\//.test(primary) ? primary : `https://${primary}`) : undefined;
      return {
        ...base,
        kind,
        title: `Visited ${path ?? primary ?? 'a page'}`,
        url: page ? `${page}${query ? `?${query}` : ''}` : undefined,
        detail: asText(attributeValue(activity, 'Referrer URL'))
          ? `Referrer: ${asText(attributeValue(activity, 'Referrer URL'))}`
          : undefined,
        ...machine,
      };
    }
    if (typeName === 'Fill Out Form')
      return { ...base, kind, title: `Filled out “${primary ?? 'a form'}”`, ...machine };
    if (typeName === 'Click Link')
      return { ...base, kind, title: 'Clicked a link', url: primary, ...machine };
    if (typeName === 'Change Status in Progression') {
      const status = asText(attributeValue(activity, 'New Status')) ?? '';
      const programId = activity.primaryAttributeValueId ?? undefined;
      const info = programId !== undefined ? programInfo.get(programId) : undefined;
      const channel = info?.channel ?? channelOf(primary);
      const progressed: TouchpointKind = /attend/i.test(status)
        ? channel === 'event'
          ? 'event_attended'
          : 'webinar_attended'
        : /regist/i.test(status)
          ? 'webinar_registered'
          : 'other';
      return {
        ...base,
        kind: progressed,
        campaign:
          programId !== undefined
            ? {
                id: `marketo-program-${programId}`,
                name: info?.name ?? primary ?? `Program ${programId}`,
                channel,
              }
            : undefined,
        title: `${info?.name ?? primary ?? 'Program'}: ${status || 'status changed'}`,
        ...machine,
      };
    }
    if (typeName === 'Add to List') return { ...base, kind, title: `Added to list “${primary ?? ''}”` };
    if (typeName === 'Change Score') {
      return {
        ...base,
        kind,
        title: `${primary ?? 'Score'} ${asText(attributeValue(activity, 'Change Value')) ?? 'changed'}`,
      };
    }
    return {
      ...base,
      kind,
      title: primary ?? typeName,
      detail: asText(attributeValue(activity, 'Description')),
    };
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
    const byName = new Map<string, { id: number; channel: Channel }>();
    for (const [programId, p] of info)
      byName.set(p.name.toLowerCase(), { id: programId, channel: p.channel });

    const found = typeIds.length > 0 ? await activities(id, typeIds, since, signal) : [];
    const touchpoints: TouchpointInput[] = [];
    for (const activity of found) {
      const t = activityTouchpoint(
        activity,
        byId.get(activity.activityTypeId) ?? '',
        lead.email,
        byName,
        info,
      );
      if (t) touchpoints.push(t);
    }
    for (const m of member) {
      const at = toIso(m.membershipDate);
      if (!at) continue;
      const p = info.get(m.id);
      const name = p?.name ?? `Program ${m.id}`;
      touchpoints.push({
        id: `marketo:program:${m.id}`,
        leadEmail: lead.email,
        occurredAt: at,
        kind: 'list_added',
        campaign: { id: `marketo-program-${m.id}`, name, channel: p?.channel ?? 'other' },
        title: `Joined program “${name}”`,
        detail: `Status: ${m.progressionStatus}${m.reachedSuccess ? ' (success)' : ''}`,
        source: 'marketo',
      });
    }
    const sinceIso = since.toISOString();
    return newestFirst(
      touchpoints
        .map((t) => validate(client, t, Touchpoint, 'Marketo activity'))
        .filter((t) => t.occurredAt >= sinceIso),
    );
  }

  function customValue(outcome: Outcome, key: string): string | number | undefined {
    const k = key.toLowerCase();
    if (ID_NAME.test(key)) return outcome.id;
    if (/label|name/.test(k)) return outcome.label ?? outcome.kind;
    if (/kind|type|outcome/.test(k)) return outcome.kind;
    if (/currency/.test(k)) return outcome.currency;
    if (/amount|revenue|value/.test(k)) return outcome.amount;
    if (/reason/.test(k)) return outcome.reason;
    if (/note|comment|description|text/.test(k)) return outcomePlainText(outcome, 2000);
    if (/by|owner|rep|seller|user/.test(k)) return outcome.by || undefined;
    if (/campaign/.test(k)) return outcome.attribution.touches.map((t) => t.name).join(', ') || undefined;
    return undefined;
  }

  function primaryValue(outcome: Outcome, type: ActivityType, field: OutcomeIdField): string {
    if (field.where === 'primary') return outcome.id;
    const chosen = settings.customActivityPrimaryField.trim().toLowerCase();
    if (chosen === 'kind') return outcome.kind;
    if (chosen === 'label') return outcome.label ?? outcome.kind;
    const primaryName = type.primaryAttribute?.apiName ?? type.primaryAttribute?.name ?? '';
    return String(customValue(outcome, primaryName) ?? outcome.label ?? outcome.kind);
  }

  function attributeValues(outcome: Outcome, type: ActivityType) {
    // Both names: the Swagger spec's Attribute requires `name`; Marketo's custom activity guide
    // addresses attributes by `apiName`. An id goes only into a text attribute.
    return type.attributes
      .map((attribute) => {
        const value = namedAsId(attribute)
          ? canCarryText(attribute)
            ? outcome.id
            : undefined
          : customValue(outcome, attribute.apiName ?? attribute.name);
        return value === undefined
          ? undefined
          : { apiName: attribute.apiName ?? attribute.name, name: attribute.name, value };
      })
      .filter((a): a is { apiName: string; name: string; value: string | number } => a !== undefined);
  }

  /** The activity an earlier attempt wrote for this outcome: the one whose id field holds its id. */
  async function findCustomActivity(
    id: number,
    outcome: Outcome,
    field: OutcomeIdField,
    signal?: AbortSignal,
  ): Promise<Activity | undefined> {
    const since = new Date(Date.parse(outcome.createdAt) - 24 * 60 * 60 * 1000);
    const found = await activities(id, [settings.customActivityTypeId], since, signal);
    const names = new Set([field.apiName.toLowerCase(), field.name.toLowerCase()]);
    return found.find((a) =>
      field.where === 'primary'
        ? a.primaryAttributeValue === outcome.id
        : a.attributes.some(
            (attribute) =>
              [attribute.apiName, attribute.name].some(
                (n) => n !== undefined && names.has(n.toLowerCase()),
              ) && attribute.value === outcome.id,
          ),
    );
  }

  /** The configured custom activity type and the field that carries the outcome id. */
  async function outcomeActivityType(signal?: AbortSignal) {
    const typeId = settings.customActivityTypeId;
    const type = (await activityTypes(signal)).find((t) => t.id === typeId);
    if (!type)
      throw client.error(
        'config',
        `Marketo has no activity type ${typeId}; check the custom activity id in Options → Outcomes.`,
      );
    const field = outcomeIdField(type, settings.customActivityPrimaryField);
    if (!field) throw client.error('config', `Marketo: ${noIdFieldMessage(type.name)}.`);
    return { type, field };
  }

  async function writeOutcome(
    lead: Lead,
    outcome: Outcome,
    options: WriteOptions = {},
  ): Promise<WriteReceipt> {
    requireConfig();
    const { signal, checkFirst = false, skipStatus = false } = options;
    const mapped = settings.statusMapping[outcome.kind];
    const customTypeId = settings.customActivityTypeId;
    if (!mapped && !customTypeId) {
      throw client.error(
        'config',
        `Marketo: no status is mapped for “${outcome.kind}” and no custom activity type is set, so nothing would reach Marketo. Set one in Options → Outcomes.`,
      );
    }
    // A newer outcome has set the status already: this one must not put an older one back.
    const status = skipStatus ? undefined : mapped;
    const statusNote = skipStatus && mapped ? `${settings.statusField} left as a newer outcome set it` : '';
    if (!status && !customTypeId) return { receipt: `Marketo: nothing to write; ${statusNote}` };

    // Before anything is written: a type whose activities a retry could not find is refused.
    const custom = customTypeId ? await outcomeActivityType(signal) : undefined;
    const id = await leadId(lead, signal);
    if (id === undefined)
      throw client.error('not_found', `Marketo has no lead for ${lead.email}; the outcome was not written.`);

    const parts: string[] = [];
    let alreadyDone = false;
    let wrote = false;
    try {
      if (custom) {
        // Marketo has no idempotency key: after an ambiguous failure, look for the activity
        // whose id field holds this outcome's id before adding one.
        const existing = checkFirst ? await findCustomActivity(id, outcome, custom.field, signal) : undefined;
        if (existing) {
          alreadyDone = true;
          parts.push(`activity ${existing.marketoGUID ?? existing.id ?? 'found'}`);
        } else {
          const body = await api(
            'POST',
            '/rest/v1/activities/external.json',
            CustomActivityResponse,
            'Marketo custom activity',
            {
              signal,
              json: {
                input: [
                  {
                    leadId: id,
                    activityDate: outcome.createdAt,
                    activityTypeId: customTypeId,
                    primaryAttributeValue: primaryValue(outcome, custom.type, custom.field),
                    attributes: attributeValues(outcome, custom.type),
                  },
                ],
              },
            },
          );
          const result = body.result[0];
          if (!result || (result.status !== 'added' && result.status !== 'created')) {
            const reason = result?.reasons?.[0];
            throw client.error(
              reason?.code === '1004' ? 'not_found' : 'config',
              `Marketo did not add the outcome activity (${result?.status ?? 'no result'}${reason ? `: ${reason.code} ${reason.message}` : ''}).`,
            );
          }
          wrote = true;
          parts.push(`activity ${result.marketoGUID ?? result.id ?? 'added'}`);
        }
      }

      if (status) {
        let needed = true;
        if (checkFirst || alreadyDone) {
          const current = await findLead(lead.email, [settings.statusField], signal);
          needed = current?.[settings.statusField] !== status;
        }
        if (needed) {
          const body = await api('POST', '/rest/v1/leads.json', SyncResponse, 'Marketo lead update', {
            signal,
            json: {
              action: 'updateOnly',
              lookupField: 'email',
              input: [{ email: lead.email, [settings.statusField]: status }],
            },
          });
          const result = body.result[0];
          if (!result || result.status !== 'updated') {
            const reason = result?.reasons?.[0];
            throw client.error(
              reason?.code === '1004' ? 'not_found' : 'config',
              `Marketo did not update ${settings.statusField} (${result?.status ?? 'no result'}${reason ? `: ${reason.code} ${reason.message}` : ''}).`,
            );
          }
          wrote = true;
        }
        parts.push(`${settings.statusField}=${status}`);
      }
      if (statusNote) parts.push(statusNote);
    } catch (error) {
      throw wrote || alreadyDone ? asAmbiguous(error) : error;
    }
    const receipt = `Marketo lead ${id}: ${parts.join('; ')}`;
    return alreadyDone ? { receipt, alreadyDone } : { receipt };
  }

  async function listOutcomeActivityTypes(signal?: AbortSignal): Promise<OutcomeActivityType[]> {
    const body = await api(
      'GET',
      '/rest/v1/activities/external/types.json',
      CustomActivityTypesResponse,
      'Marketo custom activity types',
      { signal },
    );
    return body.result.map((type) => {
      const idField = outcomeIdField(type, settings.customActivityPrimaryField);
      // "approved with draft" takes activities under its approved version.
      const approved = type.status === undefined || type.status.startsWith('approved');
      return {
        id: type.id,
        name: type.name,
        apiName: type.apiName,
        status: type.status,
        approved,
        idField,
        canCarryOutcomeId: idField !== undefined,
        reason: !approved
          ? `the type is ${type.status ?? 'not approved'}: approve it in Marketo first`
          : idField
            ? undefined
            : noIdFieldMessage(type.name),
      };
    });
  }

  return {
    id: 'marketo',
    async lookup(email, signal) {
      requireConfig();
      const normalised = normaliseEmail(email);
      if (!normalised) return null;
      const found = await findLead(normalised, LEAD_FIELDS, signal);
      return found ? toLead(found, normalised) : null;
    },
    history,
    writeOutcome,
    listOutcomeActivityTypes,
    async test(signal) {
      let writeBack: WriteBackReadiness | undefined;
      const result = await asTestResult(async () => {
        requireConfig();
        await token(signal, true);
        const all = await activityTypes(signal);
        const custom = settings.customActivityTypeId
          ? all.find((t) => t.id === settings.customActivityTypeId)
          : undefined;
        if (settings.customActivityTypeId && !custom) {
          throw client.error(
            'config',
            `Marketo has no activity type ${settings.customActivityTypeId}; check the custom activity id.`,
          );
        }
        const field = custom ? outcomeIdField(custom, settings.customActivityPrimaryField) : undefined;
        writeBack =
          custom && !field
            ? { ready: false, missing: noIdFieldMessage(custom.name), fix: 'outcomes' }
            : marketoWriteBackReadiness(settings);
        return (
          `Connected to Marketo ${new URL(base!).host}; ${all.length} activity types readable` +
          (custom && field ? `, outcomes go to “${custom.name}” (outcome id in “${field.name}”)` : '') +
          (writeBack.ready ? '.' : `; outcomes cannot be written back: ${writeBack.missing}.`)
        );
      });
      return result.ok && writeBack ? { ...result, writeBack } : result;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
