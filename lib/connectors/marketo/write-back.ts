/**
 * Outcomes written back to Marketo: a custom activity carrying the outcome id (found again by it
 * after an ambiguous failure; Marketo has no idempotency key) and the mapped lead status.
 */
import type { Lead, Outcome } from '../../model';
import { asAmbiguous } from '../common';
import type { WriteBackReadiness, WriteOptions, WriteReceipt } from '../types';
import type { MarketoApi } from './api';
import { baseOf, type MarketoSettingsValue } from './auth';
import type { MarketoLookup } from './lookup';
import {
  attributeValues,
  noIdFieldMessage,
  outcomeIdField,
  primaryValue,
  type OutcomeActivityType,
  type OutcomeIdField,
} from './outcome-activity';
import { CustomActivityResponse, CustomActivityTypesResponse, SyncResponse, type Activity } from './schemas';

/**
 * Whether an outcome (of `kind`, or of any kind) could be written back to Marketo with these
 * settings, without asking Marketo: the outcome needs a custom activity type or a mapped status.
 * The custom type's fields are checked by `test()` and again on each write.
 */
export function marketoWriteBackReadiness(
  settings: MarketoSettingsValue,
  kind?: string,
  /** How the outcome is named to the user (its label); the key when absent. */
  label = kind,
): WriteBackReadiness {
  if (!baseOf(settings.baseUrl) || !settings.clientId || !settings.clientSecret) {
    return {
      ready: false,
      missing: 'the Marketo REST API base URL, client id and secret are not all set',
      fix: 'sources',
    };
  }
  if (settings.customActivityTypeId) return { ready: true };
  const mapped =
    settings.statusField !== '' &&
    (kind === undefined
      ? Object.values(settings.statusMapping).some((value) => value.trim() !== '')
      : (settings.statusMapping[kind] ?? '').trim() !== '');
  if (mapped) return { ready: true };
  return {
    ready: false,
    missing:
      kind === undefined
        ? 'no outcome has a Marketo status value and no custom activity type is set'
        : `no Marketo status value is set for “${label}” and no custom activity type is set`,
    fix: 'outcomes',
  };
}

export function createMarketoWriteBack(
  { client, api, auth }: MarketoApi,
  lookup: MarketoLookup,
  settings: MarketoSettingsValue,
) {
  const { activities, activityTypes, findLead, leadId } = lookup;

  /** The activity an earlier attempt wrote for this outcome: the one whose id field holds its id. */
  async function findCustomActivity(
    id: number,
    outcome: Outcome,
    field: OutcomeIdField,
    signal?: AbortSignal,
  ): Promise<Activity | undefined> {
    const since = new Date(Date.parse(outcome.createdAt) - 24 * 60 * 60 * 1000);
    const found = await activities(id, [settings.customActivityTypeId], since, signal);
    const names = new Set([field.apiName.toLowerCase(), field.name.toLowerCase()]);
    return found.find((a) =>
      field.where === 'primary'
        ? a.primaryAttributeValue === outcome.id
        : a.attributes.some(
            (attribute) =>
              [attribute.apiName, attribute.name].some(
                (n) => n !== undefined && names.has(n.toLowerCase()),
              ) && attribute.value === outcome.id,
          ),
    );
  }

  /** The configured custom activity type and the field that carries the outcome id. */
  async function outcomeActivityType(signal?: AbortSignal) {
    const typeId = settings.customActivityTypeId;
    const type = (await activityTypes(signal)).find((t) => t.id === typeId);
    if (!type)
      throw client.error(
        'config',
        `Marketo has no activity type ${typeId}; check the custom activity id in Options → Outcomes.`,
      );
    const field = outcomeIdField(type, settings.customActivityPrimaryField);
    if (!field) throw client.error('config', `Marketo: ${noIdFieldMessage(type.name)}.`);
    return { type, field };
  }

  async function writeOutcome(
    lead: Lead,
    outcome: Outcome,
    options: WriteOptions = {},
  ): Promise<WriteReceipt> {
    auth.requireConfig();
    const { signal, checkFirst = false, skipStatus = false } = options;
    const mapped = settings.statusMapping[outcome.kind];
    const customTypeId = settings.customActivityTypeId;
    if (!mapped && !customTypeId) {
      throw client.error(
        'config',
        `Marketo: no status is mapped for “${outcome.kind}” and no custom activity type is set, so nothing would reach Marketo. Set one in Options → Outcomes.`,
      );
    }
    // A newer outcome has set the status already: this one must not put an older one back.
    const status = skipStatus ? undefined : mapped;
    const statusNote = skipStatus && mapped ? `${settings.statusField} left as a newer outcome set it` : '';
    if (!status && !customTypeId) return { receipt: `Marketo: nothing to write; ${statusNote}` };

    // Before anything is written: a type whose activities a retry could not find is refused.
    const custom = customTypeId ? await outcomeActivityType(signal) : undefined;
    const id = await leadId(lead, signal);
    if (id === undefined)
      throw client.error('not_found', `Marketo has no lead for ${lead.email}; the outcome was not written.`);

    const parts: string[] = [];
    let alreadyDone = false;
    let wrote = false;
    try {
      if (custom) {
        // Marketo has no idempotency key: after an ambiguous failure, look for the activity
        // whose id field holds this outcome's id before adding one.
        const existing = checkFirst ? await findCustomActivity(id, outcome, custom.field, signal) : undefined;
        if (existing) {
          alreadyDone = true;
          parts.push(`activity ${existing.marketoGUID ?? existing.id ?? 'found'}`);
        } else {
          const body = await api(
            'POST',
            '/rest/v1/activities/external.json',
            CustomActivityResponse,
            'Marketo custom activity',
            {
              signal,
              json: {
                input: [
                  {
                    leadId: id,
                    activityDate: outcome.createdAt,
                    activityTypeId: customTypeId,
                    primaryAttributeValue: primaryValue(
                      outcome,
                      custom.type,
                      custom.field,
                      settings.customActivityPrimaryField,
                    ),
                    attributes: attributeValues(outcome, custom.type),
                  },
                ],
              },
            },
          );
          const result = body.result[0];
          if (!result || (result.status !== 'added' && result.status !== 'created')) {
            const reason = result?.reasons?.[0];
            throw client.error(
              reason?.code === '1004' ? 'not_found' : 'config',
              `Marketo did not add the outcome activity (${result?.status ?? 'no result'}${reason ? `: ${reason.code} ${reason.message}` : ''}).`,
            );
          }
          wrote = true;
          parts.push(`activity ${result.marketoGUID ?? result.id ?? 'added'}`);
        }
      }

      if (status) {
        let needed = true;
        if (checkFirst || alreadyDone) {
          const current = await findLead(lead.email, [settings.statusField], signal);
          needed = current?.[settings.statusField] !== status;
        }
        if (needed) {
          const body = await api('POST', '/rest/v1/leads.json', SyncResponse, 'Marketo lead update', {
            signal,
            json: {
              action: 'updateOnly',
              lookupField: 'email',
              input: [{ email: lead.email, [settings.statusField]: status }],
            },
          });
          const result = body.result[0];
          if (!result || result.status !== 'updated') {
            const reason = result?.reasons?.[0];
            throw client.error(
              reason?.code === '1004' ? 'not_found' : 'config',
              `Marketo did not update ${settings.statusField} (${result?.status ?? 'no result'}${reason ? `: ${reason.code} ${reason.message}` : ''}).`,
            );
          }
          wrote = true;
        }
        parts.push(`${settings.statusField}=${status}`);
      }
      if (statusNote) parts.push(statusNote);
    } catch (error) {
      throw wrote || alreadyDone ? asAmbiguous(error) : error;
    }
    const receipt = `Marketo lead ${id}: ${parts.join('; ')}`;
    return alreadyDone ? { receipt, alreadyDone } : { receipt };
  }

  async function listOutcomeActivityTypes(signal?: AbortSignal): Promise<OutcomeActivityType[]> {
    const body = await api(
      'GET',
      '/rest/v1/activities/external/types.json',
      CustomActivityTypesResponse,
      'Marketo custom activity types',
      { signal },
    );
    return body.result.map((type) => {
      const idField = outcomeIdField(type, settings.customActivityPrimaryField);
      // "approved with draft" takes activities under its approved version.
      const approved = type.status === undefined || type.status.startsWith('approved');
      return {
        id: type.id,
        name: type.name,
        apiName: type.apiName,
        status: type.status,
        approved,
        idField,
        canCarryOutcomeId: idField !== undefined,
        reason: !approved
          ? `the type is ${type.status ?? 'not approved'}: approve it in Marketo first`
          : idField
            ? undefined
            : noIdFieldMessage(type.name),
      };
    });
  }

  return { writeOutcome, listOutcomeActivityTypes };
}
