/** HubSpot as Loopline knows it before talking to it (../definition.ts). */
import { ok } from '../../messaging/result';
import type { SettingsKit } from '../settings-kit';
import { definePlatform, read, text, withMargin } from '../definition';

const API_HOSTS = ['api.hubapi.com', 'api-eu1.hubapi.com'] as const;

/** Its part of the settings, `settings.sources.hubspot`. */
const settings = ({ z, secret, ttl }: SettingsKit) =>
  z.object({
    enabled: z.boolean().default(false),
    /** Private-app access token (`pat-…`). */
    token: secret().default(''),
    /** `api.hubapi.com`, or `api-eu1.hubapi.com` for EU data centre portals. */
    apiHost: z.enum(API_HOSTS).default('api.hubapi.com'),
    /** Portal id for deep links to the contact record; read from the token's account info when empty. */
    portalId: z.string().trim().max(20).default(''),
    ttlMinutes: ttl(15),
    /** Outcome key → `hs_lead_status` value written back. Empty: leave the status alone. */
    statusMapping: z.record(z.string(), z.string().max(100)).default({}),
    /** Optional custom contact property that receives the outcome key. */
    outcomeProperty: z.string().trim().max(100).default(''),
  });

export const hubspot = definePlatform({
  id: 'hubspot',
  name: 'HubSpot',
  label: 'HubSpot',
  summary:
    'Reads contacts and their email and page activity; writes outcomes back as a lead status and a note.',
  settings,
  secrets: [
    {
      field: 'token',
      label: 'The HubSpot token',
      destination: (s) => `https://${text(read(s, 'apiHost'), 'api.hubapi.com')}`,
    },
  ],
  hosts: ['https://api.hubapi.com/*', 'https://api-eu1.hubapi.com/*'],
  hostPatterns: (s) => ok([`https://${s.apiHost}/*`]),
  isConfigured: (s) => s.token.length > 0,
  /*
   * Private apps: 100 requests per 10 s on Free/Starter, 190 on Professional/Enterprise
   * (developers.hubspot.com, "API usage guidelines and limits"). The tier is not known, so the
   * lower figure. No concurrency cap is documented: 5 is our own.
   */
  limits: {
    documented: { perWindow: 100, windowMs: 10_000, maxConcurrent: undefined },
    applied: { maxConcurrent: 5, perWindow: withMargin(100), windowMs: 10_000 },
  },
  fields: [
    {
      field: 'token',
      kind: 'secret',
      label: 'Private app access token',
      placeholder: 'pat-…',
      hint: 'HubSpot → Settings → Integrations → Private apps. Scopes: crm.objects.contacts.read and .write, content (for email events).',
    },
    {
      field: 'apiHost',
      kind: 'select',
      label: 'Data centre',
      options: [
        { value: 'api.hubapi.com', label: 'Standard (api.hubapi.com)' },
        { value: 'api-eu1.hubapi.com', label: 'EU (api-eu1.hubapi.com)' },
      ],
    },
    {
      field: 'portalId',
      kind: 'text',
      label: 'Portal id (optional)',
      inputMode: 'numeric',
      hint: 'For links to the contact in HubSpot; read from the token when empty.',
    },
  ],
});
