/**
 * Outcomes written back to Mailchimp: a tag, an event and a note on the member, in the order that
 * makes a retry safe (see writeOutcome); and whether the settings allow it.
 */
import type { Lead, Outcome } from '../../model';
import { asAmbiguous, outcomePlainText } from '../common';
import { parseBody } from '../http';
import { ConnectorError, type WriteBackReadiness, type WriteOptions, type WriteReceipt } from '../types';
import { dataCentreOf, type MailchimpApi, type MailchimpSettingsValue } from './api';
import { memberPath, type MailchimpLookup } from './lookup';
import { Events, MemberTags, Note, Notes } from './schemas';
import { OUTCOME_EVENT, TAG_PREFIX } from './touchpoints';

/** Mailchimp limits a note to 1,000 characters ("List member notes" → Add note). */
const NOTE_MAX = 1000;

/**
 * Whether an outcome could be written back to Mailchimp with these settings, without asking
 * Mailchimp: a usable API key is all it takes (the member's audience comes with the lead).
 */
export function mailchimpWriteBackReadiness(settings: MailchimpSettingsValue): WriteBackReadiness {
  const parsed = dataCentreOf(settings.apiKey);
  return parsed.ok ? { ready: true } : { ready: false, missing: parsed.error.message, fix: 'sources' };
}

/** Whether a failed request may have been acted upon though no answer told so. */
function noAnswer(error: unknown): boolean {
  // A timeout or an answer cut off: the request reached Mailchimp. A refused or broken
  // connection most often did not; an HTTP answer says the request was not taken.
  return (
    error instanceof ConnectorError &&
    error.ambiguous &&
    (error.kind === 'timeout' || error.kind === 'malformed')
  );
}

export function eventProperties(outcome: Outcome): Record<string, string> {
  // Event property values must be strings ("List member events" → Add event).
  const properties: Record<string, string> = {
    outcome_id: outcome.id,
    kind: outcome.kind,
    label: outcome.label ?? outcome.kind,
  };
  if (outcome.amount !== undefined) properties.amount = String(outcome.amount);
  if (outcome.currency) properties.currency = outcome.currency;
  if (outcome.reason) properties.reason = outcome.reason.slice(0, 200);
  if (outcome.by) properties.by = outcome.by;
  const campaigns = outcome.attribution.touches.map((touch) => touch.name).join(', ');
  if (campaigns) properties.campaigns = campaigns.slice(0, 500);
  return properties;
}

export function createMailchimpWriteBack(api: MailchimpApi, lookup: MailchimpLookup) {
  const { client } = api;

  /**
   * Writes the outcome as a tag (`loopline:<kind>`), an event and, last, a note carrying the
   * outcome id. The order is what makes a retry safe: tags are a set (adding one twice changes
   * nothing), and the note, which Mailchimp lists at once, is written only once the event was
   * accepted or went unanswered, so a note found means the event needs no second send. The event
   * itself cannot be the check: Mailchimp lists it only after processing it, seconds or more later.
   */
  async function writeOutcome(
    lead: Lead,
    outcome: Outcome,
    options: WriteOptions = {},
  ): Promise<WriteReceipt> {
    api.config();
    const { signal, checkFirst = false } = options;
    const t = await lookup.target(lead, signal);
    if (!t)
      throw client.error('not_found', `Mailchimp has no member ${lead.email}; the outcome was not written.`);
    const path = memberPath(t);
    const tag = `${TAG_PREFIX}${outcome.kind}`.slice(0, 100);
    const done = (noteId: number, event: string) =>
      `Mailchimp ${t.listId}/${t.hash}: tag ${tag}; ${event}; note ${noteId}`;

    let eventFound = false;
    let tagFound = false;
    if (checkFirst) {
      // No idempotency header: look for what an earlier, ambiguous attempt may have left.
      const notes = await api.get(
        `${path}/notes?count=100&sort_field=created_at&sort_dir=DESC`,
        Notes,
        'Mailchimp notes',
        signal,
      );
      const note = notes.notes.find((n) => n.note.includes(`Outcome id: ${outcome.id}`));
      if (note) return { receipt: done(note.id, `event ${OUTCOME_EVENT}`), alreadyDone: true };
      const [events, tags] = await Promise.all([
        api.get(`${path}/events?count=100`, Events, 'Mailchimp events', signal),
        api.get(`${path}/tags`, MemberTags, 'Mailchimp member tags', signal),
      ]);
      // Found only once Mailchimp has processed it; when it has, it is not sent again.
      eventFound = events.events.some(
        (e) => e.name === OUTCOME_EVENT && e.properties?.outcome_id === outcome.id,
      );
      tagFound = tags.tags.some((x) => x.name === tag);
    }

    let created = false;
    let eventError: unknown;
    try {
      if (!tagFound) {
        await api.call('POST', `${path}/tags`, 'Mailchimp tag', {
          signal,
          json: { tags: [{ name: tag, status: 'active' }], is_syncing: false },
        });
        created = true;
      }
      if (!eventFound) {
        try {
          await api.call('POST', `${path}/events`, 'Mailchimp event', {
            signal,
            json: {
              name: OUTCOME_EVENT,
              properties: eventProperties(outcome),
              occurred_at: outcome.createdAt,
              is_syncing: false,
            },
          });
          created = true;
        } catch (error) {
          // Unanswered, it may well have been taken: the note below records that it was sent,
          // so the retry does not send it again. Any other failure is the retry's to repeat.
          if (!noAnswer(error)) throw error;
          eventError = error;
        }
      }
      const response = await api.call('POST', `${path}/notes`, 'Mailchimp note', {
        signal,
        json: { note: outcomePlainText(outcome, NOTE_MAX) },
      });
      const noteId = parseBody(client, response, Note, 'Mailchimp note').id;
      if (eventError) throw eventError;
      return { receipt: done(noteId, `event ${OUTCOME_EVENT}${eventFound ? ' (found)' : ''}`) };
    } catch (error) {
      throw created || checkFirst || eventError ? asAmbiguous(error) : error;
    }
  }

  return { writeOutcome };
}
