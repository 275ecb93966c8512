/**
 * The shell: an `<aside>` docked at the right edge, or a slim tab when collapsed. Focus follows
 * the user's own toggle (tab → collapse button and back), never a programmatic one, so opening
 * the sidebar on navigation does not steal focus from the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { Theme } from './styles';

export interface SidebarProps {
  open: boolean;
  theme: Theme;
  onToggle(open: boolean): void;
  /** A word on the collapsed tab ("Overdue"); also part of its accessible name. */
  tabHint?: string;
  /** Extra controls in the top bar. */
  bar?: ComponentChildren;
  /** Pinned under the scrolling body (the outcome bar). */
  footer?: ComponentChildren;
  children?: ComponentChildren;
}

export function Sidebar({ open, theme, onToggle, tabHint, bar, footer, children }: SidebarProps) {
  const bodyId = useId();
  const tab = useRef<HTMLButtonElement>(null);
  const collapse = useRef<HTMLButtonElement>(null);
  const userToggled = useRef(false);

  useEffect(() => {
    if (!userToggled.current) return;
    userToggled.current = false;
    (open ? collapse.current : tab.current)?.focus();
  }, [open]);

  const toggle = (next: boolean) => {
    userToggled.current = true;
    onToggle(next);
  };

  if (!open) {
    return (
      <aside class="ll-root" data-theme={theme} data-collapsed="" aria-label="Loopline">
        <button ref={tab} type="button" class="ll-tab" aria-expanded={false} onClick={() => toggle(true)}>
          {/* The name is read in order: "Open the Loopline sidebar (Overdue)"; only the words
              on the tab are visible, so the visible text is part of the name (WCAG 2.5.3). */}
          <span class="ll-sr">Open the </span>
          <span class="ll-tab-label">Loopline</span>
          <span class="ll-sr"> sidebar</span>
          {tabHint && (
            <>
              <span class="ll-sr"> (</span>
              <span class="ll-tab-hint">{tabHint}</span>
              <span class="ll-sr">)</span>
            </>
          )}
        </button>
      </aside>
    );
  }

  return (
    <aside class="ll-root" data-theme={theme} aria-label="Loopline">
      <div class="ll-bar">
        <span class="ll-brand">Loopline</span>
        {bar}
        <button
          ref={collapse}
          type="button"
          class="ll-btn ll-btn--quiet ll-btn--icon"
          aria-expanded={true}
          aria-controls={bodyId}
          aria-label="Collapse the Loopline sidebar"
          title="Collapse"
          onClick={() => toggle(false)}
        >
          <svg
            class="ll-icon"
            width="16"
            height="16"
            viewBox="0 0 16 16"
            aria-hidden="true"
            focusable="false"
          >
            <path
              d="M6 3l5 5-5 5"
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              stroke-linecap="round"
              stroke-linejoin="round"
            />
          </svg>
        </button>
      </div>
      <div class="ll-body" id={bodyId}>
        {children}
      </div>
      {footer && <div class="ll-foot">{footer}</div>}
    </aside>
  );
}
