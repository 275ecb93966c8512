/** Results, not exceptions, across process boundaries (content script ⇄ background ⇄ pages). */
import { z } from 'zod';

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

export const ResultError = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
});
export type ResultError = z.infer<typeof ResultError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

/** Turn a zod failure into one readable line: "payload.email: not an email address". */
export function describeZodError(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
