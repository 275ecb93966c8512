/**
 * HubSpot connector: a private-app token (Bearer) against the CRM v3 APIs, the legacy email
 * events API, and the v3 lists API. Docs: developers.hubspot.com — "Contacts", "Owners",
 * "Account information", "Email analytics (legacy v1): events", "Lists (v3): memberships",
 * "Notes", "Associations v4", "Private apps" (token info), "Error handling", "API usage
 * guidelines and limits".
 *
 * The parts: ./api.ts (token and error answers), ./lookup.ts (the contact and its history),
 * ./touchpoints.ts (HubSpot records as touchpoints), ./write-back.ts (outcomes and scopes),
 * ./names.ts (contacts by the name a page showed: "Search the CRM").
 */
import { canonicalEmail } from '../../model/email';
import { asTestResult, resolveNow } from '../common';
import type { Connector, WriteBackReadiness } from '../types';
import { createHubSpotApi, type HubSpotConnectorOptions } from './api';
import { createHubSpotLookup } from './lookup';
import { createHubSpotNameSearch, searchLimiterFor } from './names';
import { AccountDetails, ContactPage, EmailEventPage } from './schemas';
import { createHubSpotWriteBack } from './write-back';

export type { HubSpotConnectorOptions, HubSpotSettingsValue } from './api';
export { CONTACT_PROPERTIES, HISTORY_PROPERTIES } from './lookup';
export { NAME_SEARCH_PROPERTIES, nameSearchBody, splitName } from './names';
export { hubspotWriteBackReadiness, noteBody, WRITE_BACK_SCOPES } from './write-back';

interface HubSpotConnector extends Connector {
  readonly id: 'hubspot';
}

export function createHubSpotConnector(options: HubSpotConnectorOptions): HubSpotConnector {
  const { settings, historyDays } = options;
  const now = resolveNow(options);
  const api = createHubSpotApi(options, now);
  const lookup = createHubSpotLookup(api, { settings, now, historyDays });
  const { writeOutcome, writeBackScopes } = createHubSpotWriteBack(api, lookup, settings);
  const findByName = createHubSpotNameSearch(api, options.searchLimiter ?? searchLimiterFor(options.clock));

  return {
    id: 'hubspot',

    findByName,

    async lookup(email, signal, options) {
      api.requireToken();
      const normalised = canonicalEmail(email);
      if (!normalised) return null;
      const contact = await lookup.fetchContact(normalised, true, signal);
      return contact ? lookup.toLead(contact, normalised, signal, options) : null;
    },

    history: lookup.history,

    writeOutcome,

    async test(signal) {
      let writeBack: WriteBackReadiness | undefined;
      const result = await asTestResult(async () => {
        api.requireToken();
        const details = await api.get(
          '/account-info/v3/details',
          AccountDetails,
          'HubSpot account details',
          signal,
        );
        api.portal.timeZone = details.timeZone;
        await api.get(
          '/crm/v3/objects/contacts?limit=1&properties=email',
          ContactPage,
          'HubSpot contacts',
          signal,
        );
        await api.get('/email/public/v1/events?limit=1', EmailEventPage, 'HubSpot email events', signal);
        writeBack = await writeBackScopes(signal);
        return (
          `Connected to HubSpot portal ${details.portalId}; contacts and email events are readable` +
          (writeBack.ready ? '.' : `; outcomes cannot be written back: ${writeBack.missing}.`)
        );
      });
      return result.ok && writeBack ? { ok: true, value: { ...result.value, writeBack } } : result;
    },
  };
}
