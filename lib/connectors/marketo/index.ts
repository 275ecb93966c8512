/**
 * Marketo connector. Docs: experienceleague.adobe.com → Marketo Engage developer docs — REST
 * API "Authentication" (client-credentials token, Bearer header), "Leads" (query by filter,
 * sync), "Activities" (activity types, paging token, get activities, custom activities),
 * "Program members" (lead program membership), Asset API "Programs" (get by id), "Custom
 * activities" (types and their attributes), "Error codes" and "Limits" (100 calls per 20 s, 10
 * concurrent, daily quota). Errors arrive as HTTP 200 with `success:false`.
 *
 * The parts: ./auth.ts (the access token), ./api.ts (the envelope and its error codes),
 * ./lookup.ts (the lead and its history), ./touchpoints.ts (activities as touchpoints),
 * ./outcome-activity.ts (outcomes as custom activities), ./write-back.ts (writing them).
 */
import { canonicalEmail } from '../../model/email';
import { asTestResult, resolveNow } from '../common';
import type { Connector, WriteBackReadiness } from '../types';
import { createMarketoApi, type MarketoConnectorOptions } from './api';
import { baseOf } from './auth';
import { createMarketoLookup, LEAD_FIELDS } from './lookup';
import { noIdFieldMessage, outcomeIdField, type OutcomeActivityType } from './outcome-activity';
import { createMarketoWriteBack, marketoWriteBackReadiness } from './write-back';

export type { MarketoConnectorOptions } from './api';
export type { MarketoSettingsValue, MarketoToken } from './auth';
export { LEAD_FIELDS } from './lookup';
export { outcomeIdField, type OutcomeActivityType, type OutcomeIdField } from './outcome-activity';
export { channelOf, HISTORY_TYPES } from './touchpoints';
export { marketoWriteBackReadiness } from './write-back';

export interface MarketoConnector extends Connector {
  readonly id: 'marketo';
  /**
   * The instance's custom activity types, each with the field that would carry the outcome id
   * (for Options to offer the types that can take outcomes and explain the others).
   */
  listOutcomeActivityTypes(signal?: AbortSignal): Promise<OutcomeActivityType[]>;
}

export function createMarketoConnector(options: MarketoConnectorOptions): MarketoConnector {
  const { settings, historyDays } = options;
  const now = resolveNow(options);
  const marketo = createMarketoApi(options, now);
  const { client, auth } = marketo;
  const base = baseOf(settings.baseUrl);
  const lookup = createMarketoLookup(marketo, { settings, now, historyDays });
  const { writeOutcome, listOutcomeActivityTypes } = createMarketoWriteBack(marketo, lookup, settings);

  return {
    id: 'marketo',
    async lookup(email, signal) {
      auth.requireConfig();
      const normalised = canonicalEmail(email);
      if (!normalised) return null;
      const found = await lookup.findLead(normalised, LEAD_FIELDS, signal);
      return found ? lookup.toLead(found, normalised) : null;
    },
    history: lookup.history,
    writeOutcome,
    listOutcomeActivityTypes,
    async test(signal) {
      let writeBack: WriteBackReadiness | undefined;
      const result = await asTestResult(async () => {
        auth.requireConfig();
        await auth.token(signal, true);
        const all = await lookup.activityTypes(signal);
        const custom = settings.customActivityTypeId
          ? all.find((t) => t.id === settings.customActivityTypeId)
          : undefined;
        if (settings.customActivityTypeId && !custom) {
          throw client.error(
            'config',
            `Marketo has no activity type ${settings.customActivityTypeId}; check the custom activity id.`,
          );
        }
        const field = custom ? outcomeIdField(custom, settings.customActivityPrimaryField) : undefined;
        writeBack =
          custom && !field
            ? { ready: false, missing: noIdFieldMessage(custom.name), fix: 'outcomes' }
            : marketoWriteBackReadiness(settings);
        return (
          `Connected to Marketo ${new URL(base!).host}; ${all.length} activity types readable` +
          (custom && field ? `, outcomes go to “${custom.name}” (outcome id in “${field.name}”)` : '') +
          (writeBack.ready ? '.' : `; outcomes cannot be written back: ${writeBack.missing}.`)
        );
      });
      return result.ok && writeBack ? { ok: true, value: { ...result.value, writeBack } } : result;
    },
  };
}
