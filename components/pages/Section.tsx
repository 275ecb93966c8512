import type { ComponentChildren } from 'preact';

export interface SectionProps {
  /** Also the deep-link hash (#sources). */
  id: string;
  title: string;
  intro?: ComponentChildren;
  children: ComponentChildren;
}

/** One options-page section: a labelled region whose heading takes focus on a deep link. */
export function Section({ id, title, intro, children }: SectionProps) {
  const headingId = `${id}-title`;
  return (
    <section id={id} class="section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {title}
      </h2>
      {intro ? <p class="intro">{intro}</p> : null}
      {children}
    </section>
  );
}

/** A status line next to the control that caused it; read out when it changes. */
export function StatusLine({
  status,
  id,
}: {
  status: { kind: 'ok' | 'error' | 'info'; text: string } | null;
  id?: string;
}) {
  return (
    <p id={id} class={`status ${status ? `status--${status.kind}` : ''}`} role="status">
      {status ? (
        <>
          <span aria-hidden="true">{status.kind === 'ok' ? '✓ ' : status.kind === 'error' ? '⚠ ' : ''}</span>
          {status.text}
        </>
      ) : null}
    </p>
  );
}
