/** Results, not exceptions, across process boundaries (content script ⇄ background ⇄ pages). */
export const ERROR_CODES = [
  'bad_request',
  'forbidden',
  'not_found',
  'unavailable',
  'rate_limited',
  'auth',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResultError {
  code: ErrorCode;
  message: string;
}

/** A reply that crossed a process boundary, checked by hand (the content script has no zod). */
export function asResult(raw: unknown): Result<unknown> | null {
  if (!raw || typeof raw !== 'object') return null;
  const reply = raw as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (reply.ok === true) return { ok: true, value: reply.value };
  if (
    reply.ok === false &&
    typeof reply.error?.message === 'string' &&
    (ERROR_CODES as readonly unknown[]).includes(reply.error.code)
  ) {
    return { ok: false, error: { code: reply.error.code as ErrorCode, message: reply.error.message } };
  }
  return null;
}

/**
 * A value or the reason there is none. The error defaults to `ResultError`; a producer with a
 * more specific failure (a connector's test, with its `ConnectorErrorKind`) names its own.
 */
export type Result<T, E extends { message: string } = ResultError> =
  { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
