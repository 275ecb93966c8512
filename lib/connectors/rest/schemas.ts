/** Response shapes of Loopline's REST contract (./CONTRACT.md). Null is read as absent. */
import { z } from 'zod';
import { boundedArray } from '../limits';

/** The contract's bounds (CONTRACT.md, "Limits"). */
export const MAX_REST_TOUCHPOINTS = 5000;
export const MAX_REST_OUTCOMES = 10_000;
import { Channel, Outcome, TouchpointKind } from '../../model';

const text = z.string().nullish();

export const RestCampaign = z.object({
  id: z.string().min(1),
  name: z.string(),
  channel: Channel.nullish(),
});

export const RestLead = z.object({
  email: z.string(),
  id: text,
  url: text,
  name: text,
  company: text,
  title: text,
  lifecycleStage: text,
  leadStatus: text,
  score: z.number().nullish(),
  score30dAgo: z.number().nullish(),
  owner: text,
  mqlAt: text,
  source: text,
});

export const RestTouchpoint = z.object({
  id: z.string().min(1),
  occurredAt: z.string(),
  kind: TouchpointKind,
  campaignId: text,
  campaign: RestCampaign.nullish(),
  title: text,
  url: text,
  detail: text,
  machine: z.boolean().nullish(),
  machineReason: text,
});

export const LeadResponse = z.object({
  lead: RestLead,
  touchpoints: boundedArray(RestTouchpoint, MAX_REST_TOUCHPOINTS).default([]),
  campaigns: boundedArray(RestCampaign, MAX_REST_TOUCHPOINTS).nullish(),
});
export type LeadResponse = z.infer<typeof LeadResponse>;

/** GET /outcomes: the team's outcomes for the report. */
export const OutcomeList = z.object({ outcomes: boundedArray(Outcome, MAX_REST_OUTCOMES) });

export const OutcomeReceipt = z.object({ id: z.union([z.string().min(1), z.number()]).transform(String) });

export const Health = z.object({ name: z.string().nullish() });

export const ErrorBody = z
  .object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional() })
  .catch({});

/** GET /leads?name=: the most matches read (CONTRACT.md, "Limits"); a longer list is an error. */
export const MAX_REST_NAME_MATCHES = 100;

/** GET /leads?name=: the people the backend has under a name, best first. */
export const NameMatches = z.object({
  /** The name asked for, echoed: proof the backend searched it rather than listing leads. */
  name: z.string(),
  matches: boundedArray(
    z.object({ email: z.string(), name: text, company: text, title: text }),
    MAX_REST_NAME_MATCHES,
  ),
});
export type NameMatches = z.infer<typeof NameMatches>;
