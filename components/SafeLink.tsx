/**
 * The only way the sidebar renders a link. Anything that is not an http(s) URL (a
 * `javascript:` or `data:` URL, garbage, nothing) renders as plain text; real links open in a
 * new tab without handing the opened page a reference back to the host page.
 */
import type { ComponentChildren } from 'preact';
import { safeHref } from '../lib/sidebar/safe-url';

export interface SafeLinkProps {
  href: string | undefined | null;
  children: ComponentChildren;
  class?: string;
  /** Accessible name when the visible text alone is ambiguous ("Open" × 3). */
  label?: string;
}

export function SafeLink({ href, children, class: className, label }: SafeLinkProps) {
  const safe = safeHref(href);
  if (!safe) return <span class={className}>{children}</span>;
  return (
    <a class={className} href={safe} target="_blank" rel="noopener noreferrer" aria-label={label}>
      {children}
    </a>
  );
}
