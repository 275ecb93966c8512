/**
 * A tooltip that works by hover and by keyboard focus, and is dismissed with Escape
 * (WCAG 1.4.13). The bubble is plain text tied to its trigger with aria-describedby, so screen
 * readers read it without it being shown. It spans its nearest `.ll-tiprow` so it never runs off
 * the narrow sidebar.
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';

export interface TipProps {
  /** What is explained; rendered inside a focusable button. */
  children: ComponentChildren;
  tip: ComponentChildren;
  /** Accessible name of the trigger when its text is not enough on its own. */
  label?: string;
  class?: string;
}

export function Tip({ children, tip, label, class: className }: TipProps) {
  const id = useId();
  const [dismissed, setDismissed] = useState(false);
  const [pinned, setPinned] = useState(false);
  return (
    <span
      class="ll-tip"
      data-dismissed={dismissed ? '' : undefined}
      data-pinned={pinned ? '' : undefined}
      onMouseLeave={() => setDismissed(false)}
    >
      <button
        type="button"
        class={`ll-btn--bare ll-tip-trigger ${className ?? ''}`}
        aria-describedby={id}
        aria-label={label}
        onClick={() => {
          setPinned(!pinned);
          setDismissed(false);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setDismissed(true);
            setPinned(false);
            event.stopPropagation();
          }
        }}
        onBlur={() => {
          setDismissed(false);
          setPinned(false);
        }}
      >
        {children}
      </button>
      <span class="ll-tip-bubble" id={id} role="tooltip">
        {tip}
      </span>
    </span>
  );
}
