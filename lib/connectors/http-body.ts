/**
 * Reading a platform's answer: its body as JSON, validated against the connector's schema, with
 * a message that names the first wrong fields — or, for error bodies, JSON when it is JSON.
 */
import type { z } from 'zod';
import { formatZodError } from '../model/zod-error';
import type { HttpClient, HttpResponse } from './http';

/** Parses a response body as JSON; an empty, cut-off or non-JSON body is a 'malformed' error. */
export function parseJsonText(
  client: Pick<HttpClient, 'error' | 'label'>,
  text: string,
  what: string,
): unknown {
  if (text.trim() === '') throw client.error('malformed', `${what}: the response body was empty.`);
  try {
    return JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const ended = /end of (json )?(data|input)|unterminated/i.test(reason);
    throw client.error(
      'malformed',
      ended
        ? `${what}: the response ended in the middle of the JSON (truncated).`
        : `${what}: the response is not valid JSON (${reason.slice(0, 120)}).`,
    );
  }
}

/** JSON-parses and validates a response body; extra fields pass, wrong types name their path. */
export function parseBody<S extends z.ZodType>(
  client: Pick<HttpClient, 'error' | 'label'>,
  response: HttpResponse,
  schema: S,
  what: string,
): z.output<S> {
  return validate(client, parseJsonText(client, response.text, what), schema, what);
}

export function validate<S extends z.ZodType>(
  client: Pick<HttpClient, 'error'>,
  value: unknown,
  schema: S,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Two problems are enough to see what changed in a platform's answer; the rest are counted.
  throw client.error('malformed', `${what}: ${formatZodError(result.error, { max: 2 })}`);
}

/** The body of an answer as JSON, or undefined when it is not JSON (error bodies often are not). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
