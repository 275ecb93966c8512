/**
 * Marketo REST response shapes as Loopline reads them. They follow the Swagger definitions in
 * shared/specs/marketo (swagger-mapi.json, swagger-identity.json) with the spec's known
 * looseness allowed for: `errors`/`warnings` marked required but often absent, `result` left
 * out of empty pages, and Lead objects carrying instance-specific fields.
 */
import { z } from 'zod';
import { boundedArray } from '../limits';

/** `batchSize` is at most 300 ("Limits"): no page of records is longer. */
export const MAX_BATCH = 300;
/** Far above the attributes any activity type has. */
const MAX_ATTRIBUTES = 500;

/** swagger-identity.json → ResponseOfIdentity. */
export const IdentityResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string().optional(),
});

/** The identity endpoint's OAuth error (HTTP 401/400). */
export const IdentityError = z
  .object({ error: z.string().optional(), error_description: z.string().optional() })
  .catch({});

/** swagger-mapi.json → Error; the spec says string, some endpoints send numbers. */
export const MarketoErrorItem = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  message: z.string().default(''),
});

/** The envelope shared by every ResponseOf… definition. */
export const Envelope = z.object({
  requestId: z.string().optional(),
  success: z.boolean(),
  errors: boundedArray(MarketoErrorItem, 100).optional(),
  warnings: boundedArray(z.unknown(), 100).optional(),
  moreResult: z.boolean().optional(),
  nextPageToken: z.string().optional(),
});

const Text = z.string().nullable().optional();

/** swagger-mapi.json → Lead: always `id`; the rest depends on `fields` and the instance. */
export const MarketoLead = z.object({
  id: z.number().int(),
  email: Text,
  firstName: Text,
  lastName: Text,
  company: Text,
  title: Text,
  leadStatus: Text,
  leadScore: z.number().nullable().optional(),
  leadSource: Text,
  leadOwnerFirstName: Text,
  leadOwnerLastName: Text,
  leadOwnerEmail: Text,
  createdAt: Text,
  updatedAt: Text,
});
export type MarketoLead = z.infer<typeof MarketoLead>;

export const LeadsResponse = Envelope.extend({
  result: boundedArray(MarketoLead.catchall(z.unknown()), MAX_BATCH).default([]),
});

/** swagger-mapi.json → ActivityTypeAttribute. */
export const ActivityTypeAttribute = z.object({
  name: z.string(),
  dataType: z.string(),
  apiName: z.string().optional(),
});

/** swagger-mapi.json → ActivityType (`primaryAttribute` is absent on a few built-in types). */
export const ActivityType = z.object({
  id: z.number().int(),
  name: z.string(),
  apiName: z.string().optional(),
  description: z.string().optional(),
  primaryAttribute: ActivityTypeAttribute.optional(),
  attributes: boundedArray(ActivityTypeAttribute, MAX_ATTRIBUTES).default([]),
});
export type ActivityType = z.infer<typeof ActivityType>;

/**
 * swagger-mapi.json → CustomActivityType (GET /rest/v1/activities/external/types.json): the
 * instance's custom activity types, with their state (only an approved type takes activities).
 */
export const CustomActivityType = z.object({
  id: z.number().int(),
  apiName: z.string().optional(),
  name: z.string(),
  status: z.string().optional(),
  primaryAttribute: ActivityTypeAttribute.partial({ dataType: true }).optional(),
  attributes: boundedArray(ActivityTypeAttribute.partial({ dataType: true }), MAX_ATTRIBUTES).default([]),
});
export type CustomActivityType = z.infer<typeof CustomActivityType>;

export const CustomActivityTypesResponse = Envelope.extend({
  result: boundedArray(CustomActivityType, 2000).default([]),
});

/** Every type of the instance in one answer: the standard ones and the instance's custom ones. */
export const ActivityTypesResponse = Envelope.extend({
  result: boundedArray(ActivityType, 2000).default([]),
});

export const PagingTokenResponse = Envelope.extend({ nextPageToken: z.string().min(1) });

/** swagger-mapi.json → Attribute (`value` is typed "object"; real values are scalars). */
export const ActivityAttribute = z.object({
  name: z.string().optional(),
  apiName: z.string().optional(),
  value: z.unknown(),
});

/** swagger-mapi.json → Activity. */
export const Activity = z.object({
  id: z.number().optional(),
  marketoGUID: z.string().optional(),
  leadId: z.number(),
  activityDate: z.string(),
  activityTypeId: z.number().int(),
  campaignId: z.number().nullable().optional(),
  primaryAttributeValueId: z.number().nullable().optional(),
  primaryAttributeValue: z.string().nullable().optional(),
  attributes: boundedArray(ActivityAttribute, MAX_ATTRIBUTES).default([]),
});
export type Activity = z.infer<typeof Activity>;

/** swagger-mapi.json → ResponseOfActivity; `result` is left out when a page is empty. */
export const ActivitiesResponse = Envelope.extend({ result: boundedArray(Activity, MAX_BATCH).default([]) });

/** swagger-mapi.json → Program (the programMembership result). */
export const Membership = z.object({
  id: z.number().int(),
  progressionStatus: z.string(),
  membershipDate: z.string(),
  updatedAt: z.string().optional(),
  reachedSuccess: z.boolean().optional(),
  isExhausted: z.boolean().optional(),
  acquiredBy: z.boolean().optional(),
  stream: z.string().optional(),
  nurtureCadence: z.string().optional(),
});
export type Membership = z.infer<typeof Membership>;

export const MembershipResponse = Envelope.extend({
  result: boundedArray(Membership, MAX_BATCH).default([]),
});

/** Asset API → Programs → Get Program by Id (`/rest/asset/v1/program/{id}.json`). */
export const AssetProgram = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string().optional(),
  channel: z.string().optional(),
  url: z.string().optional(),
});
/** One program asked for by id; the asset API's pages hold at most 200. */
export const AssetProgramResponse = Envelope.extend({
  result: boundedArray(AssetProgram, 200).nullable().default([]),
});

const Reason = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  message: z.string().default(''),
});

/** swagger-mapi.json → ResponseOfLead for a sync: one status per input record. */
export const SyncResponse = Envelope.extend({
  result: boundedArray(
    z.object({
      id: z.number().optional(),
      status: z.string(),
      reasons: boundedArray(Reason, 100).optional(),
    }),
    MAX_BATCH,
  ).default([]),
});

/** swagger-mapi.json → ResponseOfCustomActivity. */
export const CustomActivityResponse = Envelope.extend({
  result: boundedArray(
    z.object({
      id: z.number().optional(),
      marketoGUID: z.string().optional(),
      status: z.string(),
      reasons: boundedArray(Reason, 100).optional(),
    }),
    MAX_BATCH,
  ).default([]),
});
