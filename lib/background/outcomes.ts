/**
 * Recording outcomes from the sidebar and delivering them through the outbox to the platform
 * the lead's data came from.
 */
import { browser } from 'wxt/browser';
import { writeBackReadiness } from '../connectors';
import { ConnectorError, type Connector } from '../connectors/types';
import { attributionFor } from '../insights/campaigns';
import type { LeadService } from '../leads/service';
import { decideTarget } from '../leads/target';
import { SOURCE_NAMES, type Outcome, type SourceId } from '../model';
import type { LeadView } from '../model/view';
import { MessageError } from '../messaging/router';
import type { OutcomeDraft } from '../messaging/protocol';
import { createOutbox, type Outbox, type QueuedOutcome } from '../outbox/outbox';
import type { Settings } from '../settings/schema';
import { getCached } from '../store/cache';
import type { DB } from '../store/db';
import { listDeliveries } from '../store/deliveries';
import { getOutcome, listOutcomesForLead, putOutcome } from '../store/outcomes';

export const OUTBOX_ALARM = 'loopline-outbox';
const ALARM_FLOOR_MS = 30_000;

export interface OutcomeDeps {
  db: () => Promise<DB>;
  settings: () => Promise<Settings>;
  leads: () => Promise<LeadService>;
  push: (view: LeadView) => void | Promise<void>;
  connectorFor: (source: SourceId, settings: Settings) => Promise<Connector>;
}

export interface OutboxRuntime {
  outbox: () => Promise<Outbox>;
}

/**
 * Refuse at the click an outcome its platform cannot take with the current settings (a Marketo
 * without a status mapping or activity type, say), rather than queue one that fails later.
 */
function mustBeDeliverable(target: SourceId, settings: Settings, kind: string, label: string) {
  const readiness = writeBackReadiness(target, settings, kind, label);
  if (readiness.ready) return;
  const where =
    readiness.fix === 'outcomes'
      ? 'Options → Outcomes'
      : readiness.fix === 'platform'
        ? `${SOURCE_NAMES[target]} itself`
        : 'Options → Sources';
  throw new MessageError(
    'unavailable',
    `“${label}” cannot be written back to ${SOURCE_NAMES[target]}: ${readiness.missing ?? 'write-back is not set up'}. Set it up in ${where}; nothing was recorded.`,
  );
}

const OWNS_STATUS = new Set(['delivered', 'sending', 'pending']);

/** A newer outcome for the same lead is delivered or on its way to this platform: it owns the status. */
async function supersededStatus(db: DB, outcome: QueuedOutcome, target: SourceId): Promise<boolean> {
  const newer = (await listOutcomesForLead(db, outcome.leadEmail)).filter(
    (other) => other.id !== outcome.id && other.createdAt > outcome.createdAt,
  );
  for (const other of newer) {
    const deliveries = await listDeliveries(db, other.id);
    if (deliveries.some((d) => d.target === target && OWNS_STATUS.has(d.state))) return true;
  }
  return false;
}

export function validateDraft(draft: OutcomeDraft, settings: Settings) {
  const type = settings.outcomes.find((t) => t.key === draft.kind);
  if (!type) throw new MessageError('bad_request', `"${draft.kind}" is not one of your team's outcomes.`);
  if (type.needs === 'reason' && !draft.reason)
    throw new MessageError('bad_request', `${type.label} needs a reason.`);
  if (type.needs === 'amount' && (draft.amount === undefined || !draft.currency)) {
    throw new MessageError('bad_request', `${type.label} needs an amount and a currency.`);
  }
  return type;
}

export function createOutcomeHandlers(deps: OutcomeDeps) {
  let outboxPromise: Promise<Outbox> | undefined;
  let kick: ReturnType<typeof setTimeout> | undefined;

  async function refreshViews(email: string) {
    const view = await (await deps.leads()).get(email);
    await deps.push(view);
  }

  const outbox = () =>
    (outboxPromise ??= deps.db().then((db) =>
      createOutbox({
        db,
        async resolveTarget(outcome: QueuedOutcome) {
          // Who owns the lead was not known at the click: ask again, and wait while unknown.
          const decision = decideTarget(await (await deps.leads()).get(outcome.leadEmail, { refresh: true }));
          if (decision.pending) {
            const names = decision.waitingFor.map((source) => SOURCE_NAMES[source]).join(' and ');
            throw new ConnectorError(
              decision.target,
              'network',
              `Waiting for ${names} to answer whether it knows ${outcome.leadEmail}; the outcome is sent once it does.`,
            );
          }
          return decision.target;
        },
        async deliver(outcome: QueuedOutcome, { checkFirst }) {
          const settings = await deps.settings();
          const target = outcome.target;
          if (target === 'local') return { receipt: `local:${outcome.id}` };
          const connector = await deps.connectorFor(target, settings);
          const cached = await getCached(db, target, outcome.leadEmail);
          const lead = cached?.lead ?? (await connector.lookup(outcome.leadEmail));
          if (!lead)
            throw new MessageError(
              'not_found',
              `${outcome.leadEmail} is no longer in ${SOURCE_NAMES[target]}.`,
            );
          const skipStatus = await supersededStatus(db, outcome, target);
          return connector.writeOutcome(lead, outcome, { checkFirst, skipStatus });
        },
        schedule(when) {
          clearTimeout(kick);
          if (when === null) {
            void browser.alarms.clear(OUTBOX_ALARM);
            return;
          }
          void browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 1_000) });
          // Chrome holds a packed extension's alarms back to 30 s at least. While this worker
          // lives, a timer delivers on time; the alarm is the backstop that outlives the worker.
          const delay = when - Date.now();
          if (delay < ALARM_FLOOR_MS)
            kick = setTimeout(() => void outboxPromise?.then((o) => o.flush()), Math.max(0, delay));
        },
        onChange(outcome) {
          void refreshViews(outcome.leadEmail).catch(() => {});
        },
      }),
    ));

  /** Called by the router's handlers once they have checked who may act on the outcome. */
  const handlers = {
    async record(draft: OutcomeDraft): Promise<Outcome> {
      const settings = await deps.settings();
      const type = validateDraft(draft, settings);
      const view = await (await deps.leads()).get(draft.leadEmail);
      const now = new Date();
      const decision = decideTarget(view);
      const target = decision.target;
      if (!decision.pending) mustBeDeliverable(target, settings, type.key, type.label);
      const outcome: Outcome = {
        id: crypto.randomUUID(),
        leadEmail: draft.leadEmail,
        kind: type.key,
        label: type.label,
        amount: draft.amount,
        currency: draft.currency,
        reason: draft.reason,
        note: draft.note,
        createdAt: now.toISOString(),
        by: settings.you.name,
        supersedes: draft.supersedes,
        target,
        attribution: attributionFor(view.touchpoints, now, settings.historyDays),
        delivery: target === 'local' ? 'local' : 'pending',
        attempts: 0,
      };
      if (decision.pending) return (await outbox()).enqueue(outcome, [{ target, pending: true }]);
      if (target === 'local') {
        await putOutcome(await deps.db(), outcome);
        await refreshViews(outcome.leadEmail);
        return outcome;
      }
      return (await outbox()).enqueue(outcome, [target]);
    },
    async undo(id: string) {
      const db = await deps.db();
      const stored = await getOutcome(db, id);
      if (stored?.delivery === 'local') {
        await putOutcome(db, { ...stored, delivery: 'undone' });
        await refreshViews(stored.leadEmail);
        return { undone: true };
      }
      return { undone: await (await outbox()).undo(id) };
    },
    async retry(id: string) {
      const next = await (await outbox()).retry(id);
      void (await outbox()).flush();
      return next;
    },
    async discard(id: string) {
      const outcome = await (await outbox()).discard(id);
      // Refused: say why rather than answer with an outcome that did not change.
      if (outcome.delivery === 'sending')
        throw new MessageError('unavailable', 'It is being sent right now; discard it if that fails.');
      if (outcome.delivery === 'delivered')
        throw new MessageError('bad_request', 'It was delivered already; record a correction instead.');
      return outcome;
    },
  };

  return { handlers, runtime: { outbox } satisfies OutboxRuntime };
}
