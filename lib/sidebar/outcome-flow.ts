/**
 * Recording an outcome from the sidebar: one click saves it (the background puts it in the
 * outbox), a few seconds to undo, then its delivery state as the background pushes it; a failed
 * delivery can be retried or discarded, and a delivered outcome corrected by a new one that
 * supersedes it. Part of the sidebar's state (state.ts); never touches `browser.*`.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { isWithdrawn, type Outcome } from '../model';
import type { LeadView } from '../model/view';
import type { OutcomeDraft } from '../messaging/protocol';
import type { Result } from '../messaging/result';
import { attempt, failure } from './lead-loader';

/** An outcome just recorded: undo while `undoLeft` > 0, then its delivery state. */
export interface PendingOutcome {
  outcome: Outcome;
  undoLeft: number;
  /** An undo, retry or discard that the background refused. */
  error?: string;
}

/** What the outcome bar sends; the lead's address and `supersedes` are filled in here. */
export type OutcomeChoice = Omit<OutcomeDraft, 'leadEmail' | 'supersedes'>;

export interface OutcomeCalls {
  recordOutcome(draft: OutcomeDraft): Promise<Result<Outcome>>;
  undoOutcome(id: string): Promise<Result<{ undone: boolean }>>;
  retryOutcome(id: string): Promise<Result<Outcome>>;
  discardOutcome(id: string): Promise<Result<Outcome>>;
}

export interface OutcomeFlowInput {
  calls: OutcomeCalls;
  /** The lead on screen: outcomes are recorded for it. */
  selected: ReadonlySignal<string | null>;
  /** The lead's view: an undone outcome leaves it, a retried or discarded one changes in it. */
  view: Signal<LeadView | null>;
  /** Seconds an outcome can be undone after it was recorded. */
  undoSeconds: number;
}

export function createOutcomeFlow({ calls, selected, view, undoSeconds }: OutcomeFlowInput) {
  const saving = signal(false);
  const recordError = signal<string | null>(null);
  const pending = signal<PendingOutcome | null>(null);
  /** Id of a delivered outcome the next click corrects. */
  const correcting = signal<string | null>(null);
  let undoTimer: ReturnType<typeof setInterval> | undefined;

  /** The just-recorded outcome, with the freshest delivery state the background has pushed. */
  const pendingOutcome = computed<PendingOutcome | null>(() => {
    const current = pending.value;
    if (!current || current.outcome.leadEmail !== selected.value) return null;
    const pushed = view.value?.outcomes.find((outcome) => outcome.id === current.outcome.id);
    return pushed ? { ...current, outcome: pushed } : current;
  });

  /** Outcomes on this lead, newest first, including one recorded a moment ago. */
  const outcomes = computed<Outcome[]>(() => {
    const list = (view.value?.outcomes ?? []).filter((outcome) => !isWithdrawn(outcome.delivery));
    const mine = pendingOutcome.value?.outcome;
    if (mine && !isWithdrawn(mine.delivery) && !list.some((outcome) => outcome.id === mine.id)) {
      return [mine, ...list];
    }
    return list;
  });

  function stopUndoTimer() {
    if (undoTimer !== undefined) clearInterval(undoTimer);
    undoTimer = undefined;
  }

  function startUndoTimer() {
    stopUndoTimer();
    undoTimer = setInterval(() => {
      const current = pending.value;
      if (!current || current.undoLeft <= 1) {
        stopUndoTimer();
        if (current) pending.value = { ...current, undoLeft: 0 };
        return;
      }
      pending.value = { ...current, undoLeft: current.undoLeft - 1 };
    }, 1000);
  }

  async function recordOutcome(choice: OutcomeChoice): Promise<boolean> {
    const email = selected.value;
    if (!email || saving.value) return false;
    const supersedes = correcting.value ?? undefined;
    saving.value = true;
    recordError.value = null;
    const result = await attempt(() => calls.recordOutcome({ ...choice, leadEmail: email, supersedes }));
    saving.value = false;
    if (!result.ok) {
      recordError.value = `Not saved: ${failure(result)}`;
      return false;
    }
    batch(() => {
      correcting.value = null;
      pending.value = { outcome: result.value, undoLeft: undoSeconds };
    });
    startUndoTimer();
    return true;
  }

  async function undo(): Promise<boolean> {
    const current = pending.value;
    if (!current || current.undoLeft <= 0) return false;
    stopUndoTimer();
    const result = await attempt(() => calls.undoOutcome(current.outcome.id));
    if (result.ok && result.value.undone) {
      const id = current.outcome.id;
      batch(() => {
        pending.value = null;
        if (view.value)
          view.value = { ...view.value, outcomes: view.value.outcomes.filter((o) => o.id !== id) };
      });
      return true;
    }
    // Too late (already on its way) or refused: the outcome stands; say so.
    pending.value = {
      ...current,
      undoLeft: 0,
      error: result.ok
        ? 'Too late to undo: it is already on its way. Record a correction instead.'
        : failure(result),
    };
    return false;
  }

  /** Apply an outcome the background answered with to whatever shows it. */
  function applyOutcome(updated: Outcome) {
    batch(() => {
      const current = pending.value;
      if (current && current.outcome.id === updated.id) pending.value = { ...current, outcome: updated };
      if (view.value?.outcomes.some((o) => o.id === updated.id)) {
        view.value = {
          ...view.value,
          outcomes: view.value.outcomes.map((o) => (o.id === updated.id ? updated : o)),
        };
      }
    });
  }

  async function act(id: string, call: (id: string) => Promise<Result<Outcome>>) {
    const result = await attempt(() => call(id));
    if (result.ok) applyOutcome(result.value);
    else if (pending.value?.outcome.id === id) pending.value = { ...pending.value, error: failure(result) };
    else recordError.value = failure(result);
    return result.ok;
  }

  const readonly = <T>(value: ReadonlySignal<T>) => value;

  return {
    saving: readonly(saving),
    recordError: readonly(recordError),
    correcting: readonly(correcting),
    pendingOutcome,
    outcomes,
    recordOutcome,
    undo,
    retry: (id: string) => act(id, calls.retryOutcome),
    discard: (id: string) => act(id, calls.discardOutcome),
    startCorrection(id: string) {
      correcting.value = id;
    },
    cancelCorrection() {
      correcting.value = null;
    },
    dismissPending: () => (pending.value = null),
    /** Another lead: no correction in progress, no error of the last one's. */
    resetForLead() {
      correcting.value = null;
      recordError.value = null;
    },
    dispose: stopUndoTimer,
  };
}
