/** Marketo as Loopline knows it before talking to it (../definition.ts). */
import type { SettingsKit } from '../settings-kit';
import { baseUrlPattern, definePlatform, originOf, read, withMargin } from '../definition';

const EXAMPLE = 'https://123-ABC-456.mktorest.com';

/** Its part of the settings, `settings.sources.marketo`. */
const settings = ({ z, httpsUrl, secret, ttl }: SettingsKit) =>
  z.object({
    enabled: z.boolean().default(false),
    /** `https://123-ABC-456.mktorest.com` */
    baseUrl: z.union([z.literal(''), httpsUrl()]).default(''),
    clientId: secret().default(''),
    clientSecret: secret().default(''),
    ttlMinutes: ttl(15),
    /** Lead field (REST name) that receives the mapped status, e.g. `leadStatus`. */
    statusField: z.string().trim().max(100).default('leadStatus'),
    statusMapping: z.record(z.string(), z.string().max(100)).default({}),
    /** Custom activity type id for outcomes; 0 = none configured. */
    customActivityTypeId: z.number().int().nonnegative().default(0),
    customActivityPrimaryField: z.string().trim().max(100).default(''),
  });

export const marketo = definePlatform({
  id: 'marketo',
  name: 'Marketo',
  label: 'Marketo',
  summary:
    'Reads leads and their activity log; writes outcomes back to a lead field and as a custom activity.',
  settings,
  secrets: [
    {
      field: 'clientId',
      label: 'The Marketo client id',
      destination: (s) => originOf(read(s, 'baseUrl')),
    },
    {
      field: 'clientSecret',
      label: 'The Marketo client secret',
      destination: (s) => originOf(read(s, 'baseUrl')),
    },
  ],
  hosts: ['https://*.mktorest.com/*'],
  hostPatterns: (s) => baseUrlPattern(s.baseUrl, 'Marketo', EXAMPLE),
  isConfigured: (s) => s.baseUrl.length > 0 && s.clientId.length > 0 && s.clientSecret.length > 0,
  /*
   * 100 calls per 20 s and 10 concurrent calls per instance (experienceleague.adobe.com,
   * Marketo REST API, "Limits"; errors 606 and 615).
   */
  limits: {
    documented: { perWindow: 100, windowMs: 20_000, maxConcurrent: 10 },
    applied: { maxConcurrent: withMargin(10), perWindow: withMargin(100), windowMs: 20_000 },
  },
  fields: [
    {
      field: 'baseUrl',
      kind: 'text',
      label: 'REST API base URL',
      type: 'url',
      placeholder: EXAMPLE,
      hint: 'Marketo → Admin → Web Services → REST API endpoint, without /rest.',
    },
    { field: 'clientId', kind: 'secret', label: 'Client id' },
    {
      field: 'clientSecret',
      kind: 'secret',
      label: 'Client secret',
      hint: 'From the LaunchPoint service of an API-only user.',
    },
  ],
});
