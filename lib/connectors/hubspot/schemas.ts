/**
 * HubSpot response shapes, as far as Loopline reads them. Objects are loose (extra fields
 * pass); the fields we use are typed so that a wrong type is an error naming its path.
 * Sources: developers.hubspot.com API reference, pages named beside each schema.
 */
import { z } from 'zod';
import { boundedArray, boundedRecord } from '../limits';

/** CRM v3 property values are strings (numbers and dates included) or null. */
const PropertyValue = z.string().nullable();

/** "Contacts" reference → Retrieve a contact (`propertiesWithHistory`: newest entry first). */
export const HistoryEntry = z.object({
  value: z.string().nullable(),
  timestamp: z.string(),
  sourceType: z.string().optional(),
  sourceId: z.string().nullable().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Far above the properties Loopline asks for; a property's history is every change it saw. */
const MAX_PROPERTIES = 500;
const MAX_HISTORY = 10_000;

export const Contact = z.object({
  id: z.string(),
  properties: boundedRecord(PropertyValue, MAX_PROPERTIES),
  propertiesWithHistory: boundedRecord(boundedArray(HistoryEntry, MAX_HISTORY), MAX_PROPERTIES).optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
});
export type Contact = z.infer<typeof Contact>;

/** "Contacts" reference → List contacts (used by the connection test). */
export const ContactPage = z.object({
  // A CRM list page holds at most 100.
  results: boundedArray(z.object({ id: z.string() }), 100),
});

/** "Owners" reference → Retrieve an owner by id. */
export const Owner = z.object({
  id: z.string(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
});

/** "Account information" reference → Retrieve account details (GET /account-info/v3/details). */
export const AccountDetails = z.object({
  portalId: z.number(),
  timeZone: z.string().optional(),
  uiDomain: z.string().optional(),
  dataHostingLocation: z.string().optional(),
});
export type AccountDetails = z.infer<typeof AccountDetails>;

/** "Email events" (legacy email analytics v1) → Get email events. */
export const EmailEvent = z.object({
  id: z.string(),
  created: z.number(),
  type: z.string(),
  recipient: z.string().optional(),
  emailCampaignId: z.number().optional(),
  subject: z.string().optional(),
  url: z.string().optional(),
  /** Filtered out of reporting by the portal's bot/scanner filtering. */
  filteredEvent: z.boolean().optional(),
  browser: z
    .object({ name: z.string().optional(), type: z.string().optional(), family: z.string().optional() })
    .optional(),
  sentBy: z.object({ id: z.string(), created: z.number().optional() }).optional(),
});
export type EmailEvent = z.infer<typeof EmailEvent>;

export const EmailEventPage = z.object({
  // `limit` is at most 1000.
  events: boundedArray(EmailEvent, 1000),
  hasMore: z.boolean(),
  offset: z.string().optional(),
});

/** "Email events" → Get campaign data for a given campaign (GET /email/public/v1/campaigns/{id}). */
export const EmailCampaign = z.object({
  id: z.number(),
  name: z.string().optional(),
  subject: z.string().optional(),
  appName: z.string().optional(),
});

/** "Lists" v3 → Memberships → Get lists a record is a member of. */
export const ListMemberships = z.object({
  // Every list the contact is in, unpaged.
  results: boundedArray(
    z.object({
      listId: z.string(),
      firstAddedTimestamp: z.string().optional(),
      lastAddedTimestamp: z.string().optional(),
    }),
    10_000,
  ),
  total: z.number().optional(),
});

/** "Lists" v3 → Fetch multiple lists (GET /crm/v3/lists?listIds=…). */
export const Lists = z.object({
  // The lists asked for by id (at most 50).
  lists: boundedArray(
    z.object({ listId: z.string(), name: z.string(), processingType: z.string().optional() }),
    500,
  ),
});

/** "Notes" reference → Create a note / Read a batch of notes. */
export const Note = z.object({
  id: z.string(),
  properties: boundedRecord(PropertyValue, MAX_PROPERTIES),
});

/** "Notes" reference → Read a batch of notes by id (POST /crm/v3/objects/notes/batch/read). */
export const NoteBatch = z.object({
  status: z.string().optional(),
  // At most 100 inputs per batch read; some may be missing (207 with `errors`).
  results: boundedArray(Note, 100),
});

/** How many associated notes one page of "Associations v4: list" holds at most (`limit` ≤ 500). */
export const ASSOCIATION_PAGE = 500;

/**
 * "Associations v4" → List associations of an object by type
 * (GET /crm/v4/objects/contacts/{id}/associations/notes).
 */
export const NoteAssociations = z.object({
  results: boundedArray(
    z.object({
      toObjectId: z.union([z.number(), z.string()]).transform(String),
      associationTypes: boundedArray(
        z.object({
          category: z.string().optional(),
          typeId: z.number().optional(),
          label: z.string().nullable().optional(),
        }),
        100,
      ).optional(),
    }),
    ASSOCIATION_PAGE,
  ),
  paging: z
    .object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() })
    .optional(),
});

/**
 * "Private apps" → the scopes of a private app's token
 * (POST /oauth/v2/private-apps/get/access-token-info with `{tokenKey}`).
 */
export const TokenInfo = z.object({
  userId: z.number().optional(),
  hubId: z.number().optional(),
  appId: z.number().optional(),
  scopes: boundedArray(z.string(), 1000),
});

/** The error envelope of every v3 (and most v1) endpoint ("Error handling" guide). */
export const ErrorBody = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    category: z.string().optional(),
    errorType: z.string().optional(),
    policyName: z.string().optional(),
    correlationId: z.string().optional(),
    errors: boundedArray(
      z.object({
        message: z.string().optional(),
        context: boundedRecord(boundedArray(z.string(), 100), 100).optional(),
      }),
      100,
    ).optional(),
  })
  .catch({});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The most contacts one page of a CRM search holds (`limit` ≤ 200, "Search the CRM"). */
export const SEARCH_PAGE_MAX = 200;

/**
 * "Search the CRM" → POST /crm/v3/objects/contacts/search: one page of matching contacts with
 * the properties asked for (null where unset), the number of all matches and, when more
 * follow, the cursor to the next page.
 */
export const ContactSearchPage = z.object({
  total: z.number().int().nonnegative(),
  results: boundedArray(
    z.object({ id: z.string(), properties: boundedRecord(PropertyValue, MAX_PROPERTIES) }),
    SEARCH_PAGE_MAX,
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
export type ContactSearchPage = z.infer<typeof ContactSearchPage>;
