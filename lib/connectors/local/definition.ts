/** The local workspace: imported files or the sample, kept in this browser; no hosts, no limits. */
import { ok } from '../../messaging/result';
import type { SettingsKit } from '../settings-kit';
import { definePlatform } from '../definition';

/** Its part of the settings, `settings.sources.local`. */
const settings = ({ z, ttl }: SettingsKit) =>
  z.object({
    enabled: z.boolean().default(true),
    ttlMinutes: ttl(60 * 24),
  });

export const local = definePlatform({
  id: 'local',
  name: 'Local workspace',
  label: 'Local workspace',
  summary:
    'Leads and activity you imported (or the sample workspace), kept in this browser. Import files under Data.',
  settings,
  secrets: [],
  hosts: [],
  hostPatterns: () => ok([]),
  isConfigured: () => true,
  // It makes no requests.
  limits: undefined,
  fields: [],
});
