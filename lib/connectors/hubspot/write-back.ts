/**
 * Outcomes written back to HubSpot: a note on the contact (carrying the outcome id, which is how
 * a retry finds an earlier write) and the mapped contact properties; and whether the token may
 * do that.
 */
import type { Lead, Outcome } from '../../model';
import { asAmbiguous, escapeHtml, outcomeLines } from '../common';
import { parseBody } from '../http';
import { ConnectorError, type WriteBackReadiness, type WriteOptions, type WriteReceipt } from '../types';
import type { HubSpotApi, HubSpotSettingsValue } from './api';
import type { HubSpotLookup } from './lookup';
import { ASSOCIATION_PAGE, Note, NoteAssociations, NoteBatch, TokenInfo } from './schemas';

/** Association type "note to contact" (HubSpot-defined), from "Associations v4: type ids". */
const NOTE_TO_CONTACT = 202;
/** Bounds the check for an earlier note: 20 pages of 500 associated notes. */
const MAX_ASSOCIATION_PAGES = 20;
/** A batch read takes at most 100 ids ("Notes" → Read a batch of notes). */
const NOTE_BATCH = 100;
/**
 * Scopes a private app needs to write outcomes back: notes and contact updates are contact
 * writes ("Notes" → scope requirements), and the check for an earlier note reads the contact's
 * associated notes. `contacts` is the legacy scope that covers both.
 */
export const WRITE_BACK_SCOPES = [
  {
    scope: 'crm.objects.contacts.write',
    legacy: 'contacts',
    why: 'add the outcome note and update the lead status',
  },
  { scope: 'crm.objects.contacts.read', legacy: 'contacts', why: 'check for an earlier note before a retry' },
] as const;

export function createHubSpotWriteBack(
  api: HubSpotApi,
  lookup: HubSpotLookup,
  settings: HubSpotSettingsValue,
) {
  const { client } = api;

  /**
   * The note an earlier attempt made for this outcome, if any. The contact's associated notes are
   * read through the associations API and the notes themselves by id: both answer from the
   * records, not from the search index, which lags a new note by seconds. Newest ids first, so
   * the note of a retry just after its write is found in the first batch.
   */
  async function findOutcomeNote(contactId: string, outcome: Outcome, signal?: AbortSignal) {
    const ids: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_ASSOCIATION_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(ASSOCIATION_PAGE) });
      if (after) query.set('after', after);
      const body = await api.get(
        `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/notes?${query}`,
        NoteAssociations,
        'HubSpot notes of the contact',
        signal,
      );
      ids.push(...body.results.map((r) => r.toObjectId));
      const next = body.paging?.next?.after;
      if (!next || next === after) break;
      after = next;
    }
    const newestFirst = [...new Set(ids)].sort((a, b) => compareIds(b, a));
    for (let i = 0; i < newestFirst.length; i += NOTE_BATCH) {
      const response = await api.call('POST', '/crm/v3/objects/notes/batch/read', 'HubSpot notes', {
        signal,
        safe: true,
        json: {
          properties: ['hs_note_body', 'hs_timestamp'],
          inputs: newestFirst.slice(i, i + NOTE_BATCH).map((id) => ({ id })),
        },
      });
      const found = parseBody(client, response, NoteBatch, 'HubSpot notes').results.find((note) =>
        carriesOutcomeId(note.properties.hs_note_body, outcome.id),
      );
      if (found) return found;
    }
    return undefined;
  }

  async function writeOutcome(
    lead: Lead,
    outcome: Outcome,
    options: WriteOptions = {},
  ): Promise<WriteReceipt> {
    api.requireToken();
    const { signal, checkFirst = false, skipStatus = false } = options;
    const ref = lead.refs.find((r) => r.source === 'hubspot');
    let contactId = ref?.id;
    if (!contactId) {
      const contact = await lookup.fetchContact(lead.email, true, signal);
      if (!contact)
        throw client.error(
          'not_found',
          `HubSpot has no contact for ${lead.email}; the outcome was not written.`,
        );
      contactId = contact.id;
    }

    // HubSpot has no idempotency header: after an ambiguous failure, look for this outcome's
    // note (it carries the outcome id) before creating one, so a retry after a timeout that did
    // reach HubSpot adds nothing.
    const existing = checkFirst ? await findOutcomeNote(contactId, outcome, signal) : undefined;
    let noteId: string;
    if (existing) {
      noteId = existing.id;
    } else {
      const response = await api.call('POST', '/crm/v3/objects/notes', 'HubSpot note', {
        signal,
        json: {
          properties: { hs_timestamp: outcome.createdAt, hs_note_body: noteBody(outcome) },
          associations: [
            {
              to: { id: contactId },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }],
            },
          ],
        },
      });
      noteId = parseBody(client, response, Note, 'HubSpot note').id;
    }

    const wanted: Record<string, string> = {};
    const status = settings.statusMapping[outcome.kind];
    // A newer outcome has set the status already: this one must not put an older one back.
    if (status && !skipStatus) wanted.hs_lead_status = status;
    if (settings.outcomeProperty && !skipStatus) wanted[settings.outcomeProperty] = outcome.kind;
    let updated: string[] = [];
    try {
      if (Object.keys(wanted).length > 0 && checkFirst) {
        // A retry: the properties may already carry these values; do not write them twice.
        const current = await lookup.fetchContact(contactId, false, signal);
        for (const [key, value] of Object.entries(wanted))
          if (current?.properties[key] === value) delete wanted[key];
      }
      if (Object.keys(wanted).length > 0) {
        await api.call(
          'PATCH',
          `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`,
          'HubSpot contact update',
          {
            signal,
            json: { properties: wanted },
          },
        );
        updated = Object.keys(wanted);
      }
    } catch (error) {
      throw asAmbiguous(error);
    }
    lookup.forget(contactId);
    const receipt =
      `HubSpot note ${noteId}` +
      (updated.length ? `; contact ${contactId}: ${updated.join(', ')} updated` : '') +
      (skipStatus && (status || settings.outcomeProperty) ? '; status left as a newer outcome set it' : '');
    return existing ? { receipt, alreadyDone: true } : { receipt };
  }

  /**
   * What the token may do, from HubSpot's token info for private apps (the token in the body
   * and, for EU tokens, in the header too). Other tokens get no answer there: then the scopes are
   * left unverified and the first outcome will tell.
   */
  async function writeBackScopes(signal?: AbortSignal): Promise<WriteBackReadiness> {
    let scopes: ReadonlySet<string>;
    try {
      const response = await api.call(
        'POST',
        '/oauth/v2/private-apps/get/access-token-info',
        'HubSpot token scopes',
        { signal, safe: true, json: { tokenKey: settings.token } },
      );
      scopes = new Set(parseBody(client, response, TokenInfo, 'HubSpot token scopes').scopes);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      return {
        ready: true,
        unverified: 'HubSpot did not say which scopes the token has (not a private-app token?)',
      };
    }
    const lacking = WRITE_BACK_SCOPES.filter((s) => !scopes.has(s.scope) && !scopes.has(s.legacy));
    if (lacking.length === 0) return { ready: true };
    return {
      ready: false,
      missing: `the private app lacks ${lacking.map((s) => `${s.scope} (to ${s.why})`).join(' and ')}`,
      fix: 'platform',
    };
  }

  return { writeOutcome, writeBackScopes };
}

/**
 * Whether an outcome could be written back to HubSpot with these settings, without asking
 * HubSpot (the token's scopes are checked by `test()`): every outcome adds a note, so a token is
 * all it needs; a mapped status is written when there is one.
 */
export function hubspotWriteBackReadiness(settings: HubSpotSettingsValue): WriteBackReadiness {
  if (!settings.token)
    return { ready: false, missing: 'no HubSpot private-app token is set', fix: 'sources' };
  return { ready: true };
}

/** HubSpot object ids are decimal strings that grow over time; newer sorts after older. */
function compareIds(a: string, b: string): number {
  return a.length === b.length ? a.localeCompare(b) : a.length - b.length;
}

/** Whether a note body carries the outcome id (the line "Outcome id: …" of `noteBody`). */
function carriesOutcomeId(body: string | null | undefined, id: string): boolean {
  return body?.includes(`Outcome id: ${id}`) ?? false;
}

/** The note as HubSpot shows it (its body is HTML): every value escaped, the outcome id last. */
export function noteBody(outcome: Outcome): string {
  const lines = outcomeLines(outcome);
  const title = lines.shift()!;
  return [
    `<p><strong>Loopline outcome: ${escapeHtml(title.value)}</strong></p>`,
    ...lines.map((line) => `<p>${escapeHtml(line.label)}: ${escapeHtml(line.value)}</p>`),
  ].join('');
}
