/** Mailchimp as Loopline knows it before talking to it (../definition.ts). */
import { ok } from '../../messaging/result';
import type { SettingsKit } from '../settings-kit';
import { definePlatform, withMargin } from '../definition';

/** A Mailchimp key ends in its data centre: `0123abcd…-us21`. */
const KEY_DATA_CENTRE = /-([a-z]{2,5}\d{1,3})$/i;
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
    const dc = KEY_DATA_CENTRE.exec(s.apiKey.trim())?.[1];
    return ok(dc ? [`https://${dc.toLowerCase()}.api.mailchimp.com/*`] : [...HOSTS]);
  },
  isConfigured: (s) => /-[a-z]+\d+$/.test(s.apiKey),
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
