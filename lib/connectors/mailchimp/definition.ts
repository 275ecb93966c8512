/** Mailchimp as Loopline knows it before talking to it (../definition.ts). */
import { ok } from '../../messaging/result';
import type { SettingsKit } from '../settings-kit';
import { definePlatform, withMargin } from '../definition';

/**
 * The data centre a Mailchimp key ends in, two letters and a number after the last dash
 * (`0123abcd…-US21` → `us21`), or null. The one rule for it: which host to ask access for,
 * whether the source is set up, and which host the connector calls (./api.ts) all read it here.
 */
export function keyDataCentre(apiKey: string): string | null {
  const match = /-([a-z]{2}\d{1,3})$/i.exec(apiKey);
  return match ? match[1]!.toLowerCase() : null;
}
const HOSTS = ['https://*.api.mailchimp.com/*'];

/** Its part of the settings, `settings.sources.mailchimp`. */
const settings = ({ z, secret, ttl }: SettingsKit) =>
  z.object({
    enabled: z.boolean().default(false),
    /** `key-us21`: the part after the dash names the data centre. */
    apiKey: secret().default(''),
    ttlMinutes: ttl(15),
  });

export const mailchimp = definePlatform({
  id: 'mailchimp',
  name: 'Mailchimp',
  label: 'Mailchimp',
  summary:
    'Reads audience members and their campaign activity; writes outcomes back as tags, notes and events.',
  settings,
  secrets: [
    {
      // The key names its own data centre (`…-us21`): a key for another data centre is a new key.
      field: 'apiKey',
      label: 'The Mailchimp API key',
      destination: () => 'the data centre named in the key',
    },
  ],
  hosts: HOSTS,
  hostPatterns(s) {
    // A masked or missing key does not tell the data centre: ask for any of them rather than
    // leave the source unusable. With a key, only that data centre.
    const dc = keyDataCentre(s.apiKey.trim());
    return ok(dc ? [`https://${dc}.api.mailchimp.com/*`] : [...HOSTS]);
  },
  isConfigured: (s) => keyDataCentre(s.apiKey) !== null,
  /*
   * 10 simultaneous connections per user (mailchimp.com/developer, "Fundamentals: API limits");
   * no rate per second is documented.
   */
  limits: {
    documented: { perWindow: undefined, windowMs: undefined, maxConcurrent: 10 },
    applied: { maxConcurrent: withMargin(10), perWindow: Infinity, windowMs: 0 },
  },
  fields: [
    {
      field: 'apiKey',
      kind: 'secret',
      label: 'API key',
      placeholder: '…-us21',
      hint: 'Mailchimp → Profile → Extras → API keys. The part after the dash (us21) names your data centre.',
    },
  ],
});
