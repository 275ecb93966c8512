/**
 * Types of the fake platform server: the requests it takes, the answers it gives, the leads it
 * is seeded with, and the faults a test can switch on.
 */
import type { Channel, TouchpointKind } from '../../lib/model';

export type FakeHost = 'hubspot' | 'marketo' | 'mailchimp' | 'rest';

export interface FakeRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | null;
  /** Aborting it ends a hanging answer, as a client-side timeout would. */
  signal?: AbortSignal;
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Send only this many bytes of the body, then break the connection (a truncated body). */
  truncateAt?: number;
  /** Fail the connection instead of answering (refused, DNS failure). */
  networkError?: string;
}

export interface FakeTouch {
  kind: TouchpointKind;
  /** ISO time, or days before the platform's clock at seeding. */
  at?: string;
  daysAgo?: number;
  campaign?: { id: string; name: string; channel?: Channel };
  /** Email subject, form name, page title… */
  title?: string;
  url?: string;
  /** Bot or scanner activity: HubSpot `filteredEvent`, Marketo "Is Bot Activity". */
  machine?: boolean;
}

export interface FakeOwner {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface FakeLead {
  email: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  title?: string;
  lifecycleStage?: string;
  /** HubSpot `hs_lead_status` / Marketo `leadStatus`. */
  leadStatus?: string;
  score?: number;
  score30dAgo?: number;
  owner?: FakeOwner;
  /** ISO time, or days before the clock. */
  mqlAt?: string;
  mqlDaysAgo?: number;
  /** HubSpot analytics source, e.g. `ORGANIC_SEARCH`. */
  source?: string;
  createdDaysAgo?: number;
  touches?: FakeTouch[];
  mailchimpTags?: string[];
  /** Which platforms know this lead; all of them when absent. */
  platforms?: FakeHost[];
}

export interface ResolvedTouch extends Omit<FakeTouch, 'at' | 'daysAgo'> {
  at: string;
  /** Stable per lead, used for vendor ids. */
  index: number;
}

export interface StoredLead {
  seed: FakeLead;
  email: string;
  touches: ResolvedTouch[];
  createdAt: string;
  mqlAt?: string;
  hubspotId: string;
  marketoId: number;
  /** Mailchimp subscriber hash (MD5 of the lower-cased address). */
  mailchimpHash: string;
  mailchimpWebId: number;
  /** Properties as HubSpot stores them (strings); PATCHes change them. */
  hubspotProps: Record<string, string>;
  /** Marketo lead fields; updates change them. */
  marketoFields: Record<string, string | number | null>;
}

interface FaultTarget {
  /** `api.hubapi.com`, a RegExp over the host, or a platform name. */
  host?: string | RegExp | FakeHost;
  /** A path prefix (`/crm/v3/objects/notes`) or a RegExp over the path. */
  path?: string | RegExp;
  method?: string;
  /** How many matching requests it applies to; every one when absent. */
  times?: number;
}

export type FaultSpec = FaultTarget &
  (
    | { kind: 'latency'; ms: number }
    | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
    /** The platform's own throttling answer (HubSpot 429 + policyName, Marketo 606, Mailchimp/REST 429). */
    | { kind: 'rate_limit'; retryAfterSeconds?: number; policy?: 'TEN_SECONDLY_ROLLING' | 'DAILY' }
    /** Mailchimp's throttling variant: 403 with no body and no headers. */
    | { kind: 'bare_403' }
    | { kind: 'server_error'; status?: number }
    /** Marketo's HTTP-200 error envelope (`success:false`). */
    | { kind: 'marketo_error'; code: number; message?: string }
    | { kind: 'malformed' }
    /** The real answer with one field of the wrong type (a per-platform default, or `mutate`). */
    | { kind: 'wrong_types'; mutate?: (body: unknown) => unknown }
    | { kind: 'truncated' }
    | { kind: 'network' }
    /** Never answers (until the client gives up). */
    | { kind: 'hang' }
    /** Does the work and records any write, then never answers (or answers after `delayMs`). */
    | { kind: 'timeout_after_write'; delayMs?: number }
    /** Does the work and records any write, then the connection breaks before the answer. */
    | { kind: 'reset_after_write' }
  );

export interface LoggedRequest {
  method: string;
  host: string;
  platform: FakeHost | undefined;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  at: number;
  status?: number;
  fault?: FaultSpec['kind'];
}

export interface HubSpotNote {
  id: string;
  contactIds: string[];
  properties: Record<string, string>;
  createdAt: string;
}

export interface FakeWrites {
  hubspot: {
    notes: HubSpotNote[];
    contactUpdates: Array<{ contactId: string; properties: Record<string, unknown> }>;
  };
  marketo: {
    leadUpdates: Array<{ leadId: number; fields: Record<string, unknown> }>;
    activities: Array<{
      id: number;
      marketoGUID: string;
      leadId: number;
      activityTypeId: number;
      activityDate: string;
      primaryAttributeValue: string;
      attributes: Array<{ apiName?: string; name?: string; value: unknown }>;
    }>;
  };
  mailchimp: {
    tags: Array<{ listId: string; hash: string; tags: Array<{ name: string; status: string }> }>;
    notes: Array<{ id: number; listId: string; hash: string; note: string; created_at: string }>;
    events: Array<{
      listId: string;
      hash: string;
      name: string;
      properties: Record<string, string>;
      occurred_at: string;
      /** When Mailchimp accepted it (it is listed `eventsListedAfterMs` later). */
      receivedAt: string;
    }>;
  };
  rest: {
    outcomes: Array<{ id: string; key: string; outcome: Record<string, unknown>; receivedAt: string }>;
  };
}
