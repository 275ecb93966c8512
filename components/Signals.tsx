/**
 * "Why now": the few facts worth opening a reply with. Each one is a toggle that narrows the
 * timeline to the touchpoints behind it.
 */
import { useId } from 'preact/hooks';
import type { Signal } from '../lib/insights/types';
import { pure } from './pure';

export interface SignalsProps {
  signals: Signal[];
  /** Id of the signal whose touchpoints the timeline shows, if any. */
  active: string | null;
  onToggle(id: string): void;
}

const STRENGTH_TEXT: Record<string, string> = { high: 'Strong', medium: 'Medium', low: 'Weak' };

// Renders again only when its data changed, not with every change elsewhere in the sidebar.
export const Signals = pure(function Signals({ signals, active, onToggle }: SignalsProps) {
  const headingId = useId();
  const hintId = useId();
  return (
    <section class="ll-section" aria-labelledby={headingId}>
      <h3 class="ll-h" id={headingId}>
        Why now
      </h3>
      {signals.length === 0 ? (
        <p class="ll-muted ll-small">No buying signals in recent activity.</p>
      ) : (
        <>
          <p class="ll-sr" id={hintId}>
            Select a signal to show its activity in the timeline.
          </p>
          <ul class="ll-signals">
            {signals.map((signal, index) => {
              const strength = STRENGTH_TEXT[signal.strength] ?? '';
              const count = signal.touchpointIds.length;
              return (
                <li key={`${index}:${signal.id}`}>
                  <button
                    type="button"
                    class="ll-btn ll-signal"
                    aria-pressed={active === signal.id}
                    aria-describedby={hintId}
                    onClick={() => onToggle(signal.id)}
                    title={`${count} ${count === 1 ? 'activity' : 'activities'} behind this signal`}
                  >
                    <span class={`ll-dot ll-dot--${signal.strength}`} aria-hidden="true" />
                    <bdi class="ll-clamp ll-grow">{signal.text}</bdi>
                    {strength && <span class="ll-strength">{strength}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
});
