/**
 * The fake platform as a `fetch` for unit tests: a FakeResponse becomes a real Response, a
 * network fault a rejected promise (as fetch does), and a truncated body a stream that breaks
 * after the promised bytes.
 */
import type { FetchLike } from '../../lib/connectors/types';
import type { FakePlatform } from './platform';
import type { FakeResponse } from './types';

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function bodyOf(init: RequestInit | undefined): string | null {
  const body = init?.body;
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('The fake platform takes string bodies only.');
}

export function toResponse(fake: FakeResponse): Response {
  const noBody = fake.status === 204 || fake.status === 304;
  if (fake.truncateAt === undefined || noBody) {
    // A null body, not '': the Response constructor would add a text/plain Content-Type to ''.
    return new Response(noBody || fake.body === '' ? null : fake.body, {
      status: fake.status,
      headers: fake.headers,
    });
  }
  const bytes = new TextEncoder().encode(fake.body).slice(0, fake.truncateAt);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.error(new TypeError('terminated: other side closed'));
    },
  });
  return new Response(stream, { status: fake.status, headers: fake.headers });
}

export function asFetch(platform: FakePlatform): FetchLike {
  return async (input, init) => {
    const fake = await platform.handle({
      method: init?.method ?? 'GET',
      url: input,
      headers: headersOf(init),
      body: bodyOf(init),
      signal: init?.signal ?? undefined,
    });
    if (fake.networkError) throw new TypeError(`fetch failed: ${fake.networkError}`);
    return toResponse(fake);
  };
}
