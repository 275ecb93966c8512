/**
 * Browser extension match patterns (`https://crm.example.com/*`, `https://*.example.com/app/*`),
 * as users type them for their own CRM sites. Same grammar the browser uses for content scripts,
 * so what matches here is what the registered script runs on.
 */

export type UrlMatcher = (url: URL) => boolean;

const PATTERN = /^(\*|https?):\/\/(\*|\*\.[^/*:]+|[^/*:]+)(\/.*)$/;

/** A matcher for the pattern, or null when it is not a valid http(s) match pattern. */
export function parseMatchPattern(pattern: string): UrlMatcher | null {
  const match = PATTERN.exec(pattern.trim());
  if (!match?.[1] || !match[2] || !match[3]) return null;
  const [, scheme, host, path] = match;
  const hostName = host.toLowerCase();
  const pathRegex = new RegExp(`^${path.split('*').map(escapeRegex).join('.*')}$`);

  return (url) => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    if (scheme !== '*' && url.protocol !== `${scheme}:`) return false;
    const urlHost = url.hostname.toLowerCase();
    if (hostName.startsWith('*.')) {
      const base = hostName.slice(2);
      if (urlHost !== base && !urlHost.endsWith(`.${base}`)) return false;
    } else if (hostName !== '*' && urlHost !== hostName) {
      return false;
    }
    // Like the browser, the path part is matched against the path and the query.
    return pathRegex.test(url.pathname + url.search);
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
