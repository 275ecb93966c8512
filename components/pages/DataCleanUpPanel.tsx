/** Data → Clean up: clear the cache, or delete everything Loopline keeps (after a confirmation). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { releaseAllOptional } from '../../lib/permissions';
import type { Settings } from '../../lib/settings/schema';
import type { Line } from './data-common';
import { StatusLine } from './Section';
import type { SettingsForm } from './settings-form';
import type { OptionsDeps } from './types';

export function CleanUpPanel({
  form,
  deps,
  onSettingsReplaced,
  onDeleted,
}: {
  form: SettingsForm;
  deps: OptionsDeps;
  onSettingsReplaced?(before: Settings, after: Settings): void | Promise<unknown>;
  onDeleted(): Promise<void>;
}) {
  const [cacheLine, setCacheLine] = useState<Line>(null);
  const [confirming, setConfirming] = useState<{ undelivered: number } | null>(null);
  const [deleteLine, setDeleteLine] = useState<Line>(null);
  const [busy, setBusy] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // The safe choice takes focus; the destructive one is a deliberate Tab away.
    if (confirming) cancelButton.current?.focus();
  }, [confirming]);

  async function clearCache() {
    const reply = await deps.client.call('cache.clear');
    setCacheLine(
      reply.ok
        ? {
            kind: 'ok',
            text: `Cleared ${reply.value.cleared.toLocaleString()} cached leads; they are fetched again when needed.`,
          }
        : { kind: 'error', text: reply.error.message },
    );
  }

  async function askToDelete() {
    setDeleteLine(null);
    const reply = await deps.client.call('outcomes.list', {});
    const undelivered = reply.ok
      ? reply.value.filter(
          (outcome) =>
            outcome.delivery === 'pending' || outcome.delivery === 'sending' || outcome.delivery === 'failed',
        ).length
      : 0;
    setConfirming({ undelivered });
  }

  async function deleteEverything() {
    setBusy(true);
    try {
      const reply = await deps.client.call('data.deleteAll');
      if (!reply.ok) {
        setDeleteLine({ kind: 'error', text: `Nothing was deleted: ${reply.error.message}` });
        return;
      }
      const release = await releaseAllOptional(deps.permissions, deps.requiredHosts);
      const before = form.saved.value;
      await form.load();
      const after = form.saved.value;
      if (before && after) await onSettingsReplaced?.(before, after);
      setConfirming(null);
      setDeleteLine({
        kind: 'ok',
        text:
          'Everything Loopline kept in this browser was deleted, and the settings are back to their defaults.' +
          (release.removed.length ? ` Access to ${release.removed.length} site(s) was given back.` : ''),
      });
      await onDeleted();
      openButton.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="group">
      <h3>Clean up</h3>
      <div class="row">
        <button type="button" class="btn" onClick={() => void clearCache()}>
          Clear the cache
        </button>
      </div>
      <StatusLine status={cacheLine} />
      <div class="row">
        <button
          type="button"
          ref={openButton}
          class="btn btn--danger"
          aria-expanded={confirming ? 'true' : 'false'}
          aria-controls="delete-confirm"
          onClick={() => void askToDelete()}
        >
          Delete everything…
        </button>
      </div>
      <div
        id="delete-confirm"
        class="confirm"
        hidden={!confirming}
        role="group"
        aria-labelledby="delete-confirm-title"
      >
        {confirming ? (
          <>
            <h4 id="delete-confirm-title">Delete everything Loopline keeps in this browser?</h4>
            <p>
              Settings, tokens and keys, imported data, the sample workspace, the outcome log and the cache
              are deleted. Outcomes already written back to your platforms stay there.
            </p>
            {confirming.undelivered > 0 ? (
              <p class="note note--warn">
                {confirming.undelivered} outcome{confirming.undelivered === 1 ? ' has' : 's have'} not been
                delivered yet and will be lost.
              </p>
            ) : null}
            <div class="row">
              <button
                type="button"
                class="btn btn--danger"
                disabled={busy}
                onClick={() => void deleteEverything()}
              >
                Yes, delete everything
              </button>
              <button
                type="button"
                ref={cancelButton}
                class="btn"
                onClick={() => {
                  setConfirming(null);
                  openButton.current?.focus();
                }}
              >
                Cancel
              </button>
            </div>
          </>
        ) : null}
      </div>
      <StatusLine status={deleteLine} />
    </div>
  );
}
