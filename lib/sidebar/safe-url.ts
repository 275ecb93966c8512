/**
 * The one gate every link in the sidebar passes through. The model already drops non-http(s)
 * URLs at parse time (SafeUrl), but components accept whatever they are handed, so the check is
 * repeated at render time: a `javascript:` URL that slipped through any path is still not a link.
 */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 4096) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.href;
}
