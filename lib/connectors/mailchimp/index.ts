/**
 * Mailchimp connector. Docs: mailchimp.com/developer/marketing — "Fundamentals" (API key with
 * the data centre after the dash, Basic auth with any user name, 10 simultaneous connections),
 * "Search members", "List members", "List member activity feed" (no total: stop on a short
 * page), "List member tags", "List member notes", "List member events" (processed
 * asynchronously: an event is listed some time after it was accepted), "Lists/Audiences",
 * "Errors" (problem JSON). Throttling shows as 429, or at the edge as a bare 403 with no body and
 * no headers.
 *
 * The parts: ./api.ts (the key, its data centre, error answers), ./lookup.ts (the member and
 * its history), ./touchpoints.ts (feed items, tags and audience as touchpoints), ./write-back.ts
 * (tag, event and note).
 */
import { asTestResult, resolveNow } from '../common';
import { md5 } from '../md5';
import type { Connector, WriteBackReadiness } from '../types';
import { createMailchimpApi, type MailchimpConnectorOptions } from './api';
import { createMailchimpLookup } from './lookup';
import { Audiences, Root } from './schemas';
import { createMailchimpWriteBack } from './write-back';

export { dataCentreOf, type MailchimpConnectorOptions, type MailchimpSettingsValue } from './api';
export { OUTCOME_EVENT, TAG_PREFIX } from './touchpoints';
export { mailchimpWriteBackReadiness } from './write-back';

/** Mailchimp's id for a list member: MD5 of the lower-cased address. */
export function subscriberHash(email: string): string {
  return md5(email.trim().toLowerCase());
}

interface MailchimpConnector extends Connector {
  readonly id: 'mailchimp';
}

export function createMailchimpConnector(options: MailchimpConnectorOptions): MailchimpConnector {
  const { historyDays } = options;
  const now = resolveNow(options);
  const api = createMailchimpApi(options);
  const lookup = createMailchimpLookup(api, { now, historyDays });
  const { writeOutcome } = createMailchimpWriteBack(api, lookup);

  return {
    id: 'mailchimp',
    lookup: lookup.lookup,
    history: lookup.history,
    writeOutcome,
    async test(signal) {
      let writeBack: WriteBackReadiness | undefined;
      const result = await asTestResult(async () => {
        const { dc } = api.config();
        const root = await api.get('/?fields=account_name,account_id', Root, 'Mailchimp account', signal);
        // Leads are members of an audience: without one there is nobody to write back to.
        const audiences = await api.get(
          '/lists?fields=lists.id,lists.name,total_items&count=10',
          Audiences,
          'Mailchimp audiences',
          signal,
        );
        const count = audiences.total_items ?? audiences.lists.length;
        writeBack =
          count > 0
            ? { ready: true }
            : {
                ready: false,
                missing: 'the account has no audience, so no lead can be found or written back',
                fix: 'platform',
              };
        return (
          `Connected to Mailchimp account “${root.account_name}” (data centre ${dc}); ` +
          (count > 0
            ? `${count} ${count === 1 ? 'audience' : 'audiences'}.`
            : `outcomes cannot be written back: ${writeBack.missing}.`)
        );
      });
      return result.ok && writeBack ? { ok: true, value: { ...result.value, writeBack } } : result;
    },
  };
}
