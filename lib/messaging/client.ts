/**
 * The sender's side: a typed function per message that never throws. A background that is
 * gone (extension updated or reloaded under the page) is reported as `unavailable`; a reply that
 * does not match its message's reply schema is an `internal` error that says what was wrong,
 * never a value of the wrong shape passed on as if it were right.
 */
import { formatZodError } from '../model/zod-error';
import type { MessageName, PayloadIn, Reply, Spec } from './protocol';
import { asResult, err, ok, type Result } from './result';

export type Send = (message: { type: string; payload: unknown }) => Promise<unknown>;

export interface Client<S extends Spec> {
  call<K extends MessageName<S>>(type: K, payload?: PayloadIn<S, K>): Promise<Result<Reply<S, K>>>;
}

/** Sends the message; the Result envelope checked (asResult), the value not yet. */
async function exchange(send: Send, type: string, payload: unknown): Promise<Result<unknown>> {
  let raw: unknown;
  try {
    raw = await send({ type, payload });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err(
      'unavailable',
      /context invalidated|receiving end does not exist/i.test(message)
        ? 'Loopline was updated or restarted. Reload the page to reconnect.'
        : `Loopline's background did not answer: ${message}`,
    );
  }
  return asResult(raw) ?? err('internal', `Unexpected reply to "${type}".`);
}

/** The client of Loopline's pages and sidebar: every reply parsed against `spec`. */
export function createClient<S extends Spec>(spec: S, send: Send): Client<S> {
  return {
    async call(type, payload) {
      const result = await exchange(send, type, payload);
      if (!result.ok) return result;
      const parsed = spec[type]!.reply.safeParse(result.value);
      if (parsed.success) return ok(parsed.data as Reply<S, typeof type>);
      return err(
        'internal',
        `Loopline's background answered "${type}" with something unexpected: ${formatZodError(parsed.error, { prefix: 'reply' })}`,
      );
    },
  };
}

/**
 * The content script's client: only the Result envelope is checked. The content script carries
 * no zod (its bundle budget, DESIGN.md), and what it is told comes from the background, which it
 * cannot make say more than the trimmed configuration (the router checks the sender).
 */
export function createEnvelopeClient<S extends Spec>(send: Send): Client<S> {
  return {
    call: (type, payload) => exchange(send, type, payload) as Promise<Result<Reply<S, typeof type>>>,
  };
}
