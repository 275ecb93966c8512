/**
 * The sender's side: a typed function per message that never throws. A background that is
 * gone (extension updated or reloaded under the page) is reported as `unavailable`.
 */
import type { PayloadIn, Reply, Spec } from './protocol';
import { ResultError, err, type Result } from './result';
import { z } from 'zod';

export type Send = (message: { type: string; payload: unknown }) => Promise<unknown>;

const ResultShape = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ResultError }),
]);

export interface Client<S extends Spec> {
  call<K extends keyof S & string>(type: K, payload?: PayloadIn<S, K>): Promise<Result<Reply<S, K>>>;
}

export function createClient<S extends Spec>(send: Send): Client<S> {
  return {
    async call(type, payload) {
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
      const parsed = ResultShape.safeParse(raw);
      if (!parsed.success) return err('internal', `Unexpected reply to "${type}".`);
      return parsed.data as Result<Reply<S, typeof type>>;
    },
  };
}
