/** A team's own backend speaking Loopline's REST contract (./CONTRACT.md), before talking to it. */
import type { SettingsKit } from '../settings-kit';
import { baseUrlPattern, definePlatform, originOf, read, text } from '../definition';

/** Its part of the settings, `settings.sources.rest`. */
const settings = ({ z, httpsUrl, secret, ttl }: SettingsKit) =>
  z.object({
    enabled: z.boolean().default(false),
    baseUrl: z.union([z.literal(''), httpsUrl()]).default(''),
    /** Header name and value sent with every request, e.g. `Authorization: Bearer …`. */
    authHeader: z.string().trim().max(100).default('Authorization'),
    authValue: secret().or(z.string().trim().max(4096)).default(''),
    ttlMinutes: ttl(15),
  });

export const rest = definePlatform({
  id: 'rest',
  name: 'REST endpoint',
  label: 'REST',
  summary: 'Your own backend, speaking Loopline’s documented JSON contract.',
  settings,
  secrets: [
    {
      field: 'authValue',
      label: 'The REST endpoint’s auth value',
      destination: (s) =>
        `${originOf(read(s, 'baseUrl'))} in the ${text(read(s, 'authHeader'), 'Authorization')} header`.toLowerCase(),
    },
  ],
  // Any https host: the manifest's `https://*/*` optional permission, asked for one host at a time.
  hosts: [],
  hostPatterns: (s) => baseUrlPattern(s.baseUrl, 'REST endpoint', 'https://leads.example.com/api'),
  isConfigured: (s) => s.baseUrl.length > 0,
  // Our own contract promises nothing: a modest figure of our own.
  limits: {
    documented: { perWindow: undefined, windowMs: undefined, maxConcurrent: undefined },
    applied: { maxConcurrent: 6, perWindow: 100, windowMs: 10_000 },
  },
  fields: [
    {
      field: 'baseUrl',
      kind: 'text',
      label: 'Base URL',
      type: 'url',
      placeholder: 'https://leads.example.com/loopline',
    },
    { field: 'authHeader', kind: 'text', label: 'Authentication header name' },
    {
      field: 'authValue',
      kind: 'secret',
      label: 'Authentication header value',
      placeholder: 'Bearer …',
    },
  ],
  listsTeamOutcomes: true,
});
