/**
 * Settings that point each connector at the fake platform, as a user would type them in the
 * options page. E2E tests can use the same values to fill the form.
 */
import type { z } from 'zod';
import {
  HubSpotSettings as HubSpotSchema,
  MailchimpSettings as MailchimpSchema,
  MarketoSettings as MarketoSchema,
  RestSettings as RestSchema,
  SETTINGS_VERSION,
  Settings,
} from '../../lib/settings/schema';
import type { FakePlatform } from './platform';

type HubSpotSettings = z.infer<typeof HubSpotSchema>;
type MarketoSettings = z.infer<typeof MarketoSchema>;
type MailchimpSettings = z.infer<typeof MailchimpSchema>;
type RestSettings = z.infer<typeof RestSchema>;

export function fakeHubSpotSettings(
  platform: FakePlatform,
  extra: Partial<HubSpotSettings> = {},
): HubSpotSettings {
  return HubSpotSchema.parse({
    enabled: true,
    token: platform.config.hubspot.token,
    apiHost: 'api.hubapi.com',
    statusMapping: { meeting_booked: 'CONNECTED', not_a_fit: 'UNQUALIFIED', bad_timing: 'BAD_TIMING' },
    outcomeProperty: 'loopline_outcome',
    ...extra,
  });
}

export function fakeMarketoSettings(
  platform: FakePlatform,
  extra: Partial<MarketoSettings> = {},
): MarketoSettings {
  return MarketoSchema.parse({
    enabled: true,
    baseUrl: `https://${platform.config.marketo.munchkinId}.mktorest.com`,
    clientId: platform.config.marketo.clientId,
    clientSecret: platform.config.marketo.clientSecret,
    statusField: 'leadStatus',
    statusMapping: { meeting_booked: 'Sales Accepted', not_a_fit: 'Disqualified', won: 'Customer' },
    customActivityTypeId: platform.config.marketo.customActivityType?.id ?? 0,
    ...extra,
  });
}

export function fakeMailchimpSettings(
  platform: FakePlatform,
  extra: Partial<MailchimpSettings> = {},
): MailchimpSettings {
  return MailchimpSchema.parse({ enabled: true, apiKey: platform.config.mailchimp.apiKey, ...extra });
}

export function fakeRestSettings(platform: FakePlatform, extra: Partial<RestSettings> = {}): RestSettings {
  return RestSchema.parse({
    enabled: true,
    baseUrl: 'https://rest.loopline.test',
    authHeader: platform.config.rest.authHeader,
    authValue: platform.config.rest.authValue,
    ...extra,
  });
}

/** Full settings with every remote source pointed at the fake and switched on. */
export function fakeSettings(platform: FakePlatform): Settings {
  return Settings.parse({
    version: SETTINGS_VERSION,
    sources: {
      hubspot: fakeHubSpotSettings(platform),
      marketo: fakeMarketoSettings(platform),
      mailchimp: fakeMailchimpSettings(platform),
      rest: fakeRestSettings(platform),
    },
  });
}
