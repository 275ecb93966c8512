/**
 * The one way Loopline turns a zod failure into words for a person: a message refused at a
 * boundary, an answer that did not parse, settings that could not be read. Zod's own text
 * (`prettifyError`) is several lines with arrows; ours fits a status line or a banner.
 *
 * Free of zod at runtime (it reads only `issues`), so that code which ends up in the content
 * script may use it without pulling zod into that bundle.
 */

/** What is read of a zod issue: where, and what is wrong there. */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface ZodErrorTextOptions {
  /** Put before every path: "payload" gives "payload.email: …". */
  prefix?: string;
  /** Issues spelled out; the rest are counted ("(and 2 more)"). */
  max?: number;
}

/** `results[1].id`: keys joined with dots, array positions in brackets. */
export function formatIssuePath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * One readable line: "payload.email: not an email address; payload.refresh: expected boolean,
 * received string". Zod's "Invalid input:" lead-in says nothing the path does not.
 */
export function formatZodError(
  error: { readonly issues: readonly IssueLike[] },
  { prefix = '', max = 3 }: ZodErrorTextOptions = {},
): string {
  const { issues } = error;
  if (issues.length === 0) return 'invalid';
  const parts = issues.slice(0, Math.max(1, max)).map((issue) => {
    const message = issue.message.replace(/^Invalid input:\s*/i, '') || issue.message;
    const path = formatIssuePath(issue.path, prefix);
    return path ? `${path}: ${message}` : message;
  });
  const rest = issues.length - parts.length;
  return parts.join('; ') + (rest > 0 ? ` (and ${rest} more)` : '');
}
