/**
 * Secrets never reach an error message (DESIGN.md, security rules), not whole and not in part.
 * The connectors write their own messages without them, but a message also quotes text from
 * elsewhere: a platform's error body (which may echo what it was sent), or a fetch failure
 * (undici's names a header value it refuses, credential included). So every message the HTTP
 * client makes passes through here, and any run of MIN_FRAGMENT or more characters that also
 * occurs in a secret is cut out, compared without regard to case.
 */

/** Shorter runs are too common to remove (and too short to help anyone guess a secret). */
export const MIN_FRAGMENT = 4;
/** What stands where a fragment was removed. */
export const REDACTED = '…';

/**
 * `message` with every fragment of the secrets removed. A secret shorter than MIN_FRAGMENT is
 * removed only whole; empty ones and ones under 3 characters are ignored (they are not secrets).
 */
export function redactSecrets(message: string, secrets: Iterable<string | undefined>): string {
  // Case is ignored unless lower-casing changes the message's length (a few letters, like İ,
  // lower-case to two code units), where positions would no longer line up.
  const lower = message.toLowerCase();
  const caseless = lower.length === message.length;
  const text = caseless ? lower : message;
  const keys = [...secrets]
    .map((secret) => secret?.trim() ?? '')
    .map((secret) => (caseless ? secret.toLowerCase() : secret))
    .filter((secret) => secret.length >= 3);
  if (keys.length === 0) return message;
  let out = '';
  let i = 0;
  while (i < message.length) {
    let longest = 0;
    for (const key of keys) {
      // Every prefix of a fragment is a fragment too, so grow the match one character at a time.
      let length = 0;
      while (i + length < text.length && key.includes(text.slice(i, i + length + 1))) length++;
      if (length >= Math.min(MIN_FRAGMENT, key.length) && length > longest) longest = length;
    }
    if (longest > 0) {
      out += REDACTED;
      i += longest;
    } else {
      out += message[i];
      i++;
    }
  }
  return out;
}
