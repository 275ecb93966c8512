/**
 * The fake platforms' configuration (credentials, portal and instance settings, paging caps) and
 * the defaults every test starts from, and Marketo's error messages.
 */

export interface FakeConfig {
  hubspot: {
    token: string;
    portalId: number;
    timeZone: string;
    uiDomain: string;
    scopes: Set<string>;
    /** Custom contact properties that exist in the portal (for the outcome property). */
    customProperties: Set<string>;
    leadStatuses: string[];
    /** Caps the email events page size so that tests can make paging happen. */
    maxEventPage: number;
    /** How long a new note stays invisible to CRM search (HubSpot's index lags by seconds). */
    searchIndexLagMs: number;
  };
  marketo: {
    munchkinId: string;
    clientId: string;
    clientSecret: string;
    tokenTtlSeconds: number;
    apiUser: string;
    /** Caps `batchSize` so that tests can make paging happen. */
    pageSize: number;
    /** Lead fields beyond the standard ones that exist in the instance. */
    customFields: string[];
    /** The custom activity type the default settings name for outcomes. */
    customActivityType?: MarketoCustomType;
    /** More custom activity types of the instance (for choosing one in Options). */
    otherCustomActivityTypes: MarketoCustomType[];
  };
  mailchimp: {
    apiKey: string;
    listId: string;
    listName: string;
    accountName: string;
    /** Caps `count` so that tests can make paging happen. */
    maxCount: number;
    /**
     * How long an accepted event takes to be listed (events and activity feed). Mailchimp
     * processes events asynchronously; 0 lists them at once.
     */
    eventsListedAfterMs: number;
  };
  rest: {
    authHeader: string;
    authValue: string;
  };
}

export interface MarketoCustomType {
  id: number;
  apiName: string;
  name: string;
  /** "approved" when absent; a "draft" type takes no activities. */
  status?: 'draft' | 'approved' | 'approved with draft';
  primaryAttribute: { apiName: string; name: string; dataType: string };
  attributes: Array<{ apiName: string; name: string; dataType: string }>;
}

export function defaultConfig(): FakeConfig {
  return {
    hubspot: {
      token: 'pat-na1-11111111-2222-3333-4444-555555555555',
      portalId: 4242424,
      timeZone: 'US/Eastern',
      uiDomain: 'app.hubspot.com',
      scopes: new Set([
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'crm.objects.owners.read',
        'crm.lists.read',
        'content',
      ]),
      customProperties: new Set(['loopline_outcome']),
      leadStatuses: [
        'NEW',
        'OPEN',
        'IN_PROGRESS',
        'OPEN_DEAL',
        'UNQUALIFIED',
        'ATTEMPTED_TO_CONTACT',
        'CONNECTED',
        'BAD_TIMING',
      ],
      maxEventPage: 1000,
      searchIndexLagMs: 5_000,
    },
    marketo: {
      munchkinId: '123-ABC-456',
      clientId: '3f7c9a2e-1b4d-4e8f-9a6b-2c5d8e1f4a7b',
      clientSecret: 'q8W2e6R1t9Y4u7I3o5P0a2S8d6F4g1H3',
      tokenTtlSeconds: 3599,
      apiUser: 'loopline-api@123-abc-456.example',
      pageSize: 300,
      customFields: [],
      customActivityType: {
        id: 100001,
        apiName: 'looplineOutcome_c',
        name: 'Loopline Outcome',
        primaryAttribute: { apiName: 'outcomeId', name: 'Outcome Id', dataType: 'string' },
        attributes: [
          { apiName: 'outcomeKind', name: 'Outcome Kind', dataType: 'string' },
          { apiName: 'amount', name: 'Amount', dataType: 'float' },
          { apiName: 'currency', name: 'Currency', dataType: 'string' },
          { apiName: 'note', name: 'Note', dataType: 'text' },
        ],
      },
      otherCustomActivityTypes: [],
    },
    mailchimp: {
      apiKey: '0123456789abcdef0123456789abcdef-us21',
      listId: 'a1b2c3d4e5',
      listName: 'Loopline Test Audience',
      accountName: 'Loopline Test',
      maxCount: 1000,
      eventsListedAfterMs: 0,
    },
    rest: { authHeader: 'Authorization', authValue: 'Bearer rt_5Jm8Qx2Vw7Lk4Nz9' },
  };
}

/** Messages as Marketo words them ("Error codes" reference). */
export const MARKETO_MESSAGES: Record<number, string> = {
  600: 'Access token missing',
  601: 'Access token invalid',
  602: 'Access token expired',
  603: 'Access denied',
  604: 'Request timed out',
  606: "Max rate limit '100' exceeded with in '20' secs",
  607: 'Daily quota reached',
  609: 'Invalid JSON',
  610: 'Requested resource not found',
  611: 'System error',
  615: 'Concurrent access limit reached',
  1003: 'Invalid value',
  1004: 'Lead not found',
  1006: 'Field not found',
};
