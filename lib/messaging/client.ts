/**
 * The sender's side: a typed function per message that never throws. A background that is
 * gone (extension updated or reloaded under the page) is reported as `unavailable`.
 */
import type { PayloadIn, Reply, Spec } from './protocol';
import { asResult, err, type Result } from './result';

export type Send = (message: { type: string; payload: unknown }) => Promise<unknown>;

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
      const result = asResult(raw);
      if (!result) return err('internal', `Unexpected reply to "${type}".`);
      return result as Result<Reply<S, typeof type>>;
    },
  };
}
