// @vitest-environment node
/**
 * The Marketo answers our tests use (the fake platform's) and the requests the connector sends
 * are checked against the public Swagger specs in test/fixtures/specs/marketo (see the README there for
 * the specs' known looseness, which test/fake-platform/swagger-check.ts allows for).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../../test/fake-platform';
import { fakeMarketoSettings } from '../../../test/fake-platform/settings';
import {
  bodySchema,
  checkAgainst,
  responseSchema,
  type SwaggerDoc,
} from '../../../test/fake-platform/swagger-check';
import { createManualClock } from '../clock';
import { makeOutcome } from '../test-outcome';
import type { FetchLike } from '../types';
import { createMarketoConnector } from '.';

// A copy of shared/specs/marketo, kept in the repository so that any clone can run this.
const specs = fileURLToPath(new URL('../../../test/fixtures/specs/marketo/', import.meta.url));
const load = (name: string) => JSON.parse(readFileSync(`${specs}${name}`, 'utf8')) as SwaggerDoc;

interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

/** Which spec path an actual path belongs to. */
function specPath(path: string): string | undefined {
  if (/^\/rest\/v1\/leads\/\d+\/programMembership\.json$/.test(path))
    return '/rest/v1/leads/{leadId}/programMembership.json';
  if (path.startsWith('/rest/v1/')) return path;
  return undefined;
}

/** The JSON a request sent; the token request's form body is not JSON. */
function jsonBody(init: RequestInit | undefined): unknown {
  const type = new Headers(init?.headers).get('content-type') ?? '';
  return typeof init?.body === 'string' && type.startsWith('application/json')
    ? JSON.parse(init.body)
    : undefined;
}

let mapi: SwaggerDoc;
let identity: SwaggerDoc;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  mapi = load('swagger-mapi.json');
  identity = load('swagger-identity.json');
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const base = asFetch(platform);
  const recording: FetchLike = async (url, init) => {
    const response = await base(url, init);
    const text = await response.clone().text();
    const parsed = new URL(url);
    exchanges.push({
      method: init?.method ?? 'GET',
      path: parsed.pathname,
      query: parsed.searchParams,
      requestBody: jsonBody(init),
      status: response.status,
      responseBody: text ? JSON.parse(text) : undefined,
    });
    return response;
  };
  const connector = createMarketoConnector({
    settings: fakeMarketoSettings(platform),
    fetch: recording,
    clock,
  });
  const lead = (await connector.lookup(SEED_EMAILS.mql))!;
  await connector.history(lead);
  const outcome = makeOutcome({
    leadEmail: lead.email,
    target: 'marketo',
    createdAt: new Date(clock.now()).toISOString(),
  });
  await connector.writeOutcome(lead, outcome);
  await connector.writeOutcome(lead, outcome, { checkFirst: true });
  await connector.test();
  await connector.listOutcomeActivityTypes();
  // Error envelopes as the fake serves them.
  for (const code of [601, 602, 606, 607, 615]) {
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', kind: 'marketo_error', code, times: 1 });
    const done = connector.lookup(SEED_EMAILS.lead).catch(() => undefined);
    // 606 and 615 pause the limiter; let that time pass on the test clock.
    await clock.advance(25_000);
    await done;
  }
});

describe('Marketo fixtures against the public Swagger specs', () => {
  it('covers every Marketo endpoint the connector uses', () => {
    const used = new Set(exchanges.map((e) => `${e.method} ${specPath(e.path) ?? e.path}`));
    expect([...used].sort()).toEqual(
      expect.arrayContaining([
        'POST /identity/oauth/token',
        'GET /rest/v1/leads.json',
        'POST /rest/v1/leads.json',
        'GET /rest/v1/activities/types.json',
        'GET /rest/v1/activities/pagingtoken.json',
        'GET /rest/v1/activities.json',
        'GET /rest/v1/leads/{leadId}/programMembership.json',
        'POST /rest/v1/activities/external.json',
        'GET /rest/v1/activities/external/types.json',
      ]),
    );
  });

  it('token answers match ResponseOfIdentity', () => {
    const tokens = exchanges.filter((e) => e.path === '/identity/oauth/token');
    expect(tokens.length).toBeGreaterThan(0);
    for (const e of tokens)
      expect(checkAgainst(identity, { $ref: '#/definitions/ResponseOfIdentity' }, e.responseBody)).toEqual(
        [],
      );
  });

  it('every REST answer matches its operation’s 200 schema', () => {
    const rest = exchanges.filter((e) => specPath(e.path));
    expect(rest.length).toBeGreaterThan(10);
    for (const e of rest) {
      const problems = checkAgainst(mapi, responseSchema(mapi, specPath(e.path)!, e.method), e.responseBody);
      expect(problems, `${e.method} ${e.path}`).toEqual([]);
    }
  });

  it('the error envelopes (601, 602, 606, 607, 615) match the spec', () => {
    const errors = exchanges.filter((e) => (e.responseBody as { success?: boolean })?.success === false);
    expect(
      errors.map((e) => (e.responseBody as { errors: Array<{ code: string }> }).errors[0]!.code).sort(),
    ).toEqual(expect.arrayContaining(['601', '602', '606', '607', '615']));
    for (const e of errors)
      expect(checkAgainst(mapi, responseSchema(mapi, specPath(e.path)!, e.method), e.responseBody)).toEqual(
        [],
      );
  });

  it('request bodies match SyncLeadRequest and CustomActivityRequest', () => {
    const posts = exchanges.filter((e) => e.method === 'POST' && specPath(e.path));
    expect(posts.map((e) => e.path).sort()).toEqual([
      '/rest/v1/activities/external.json',
      '/rest/v1/leads.json',
    ]);
    for (const e of posts) {
      expect(checkAgainst(mapi, bodySchema(mapi, e.path, 'POST'), e.requestBody), e.path).toEqual([]);
    }
  });

  it('query parameters are ones the spec defines', () => {
    for (const e of exchanges.filter((x) => specPath(x.path) && x.method === 'GET')) {
      const parameters = mapi.paths[specPath(e.path)!]!.get!.parameters ?? [];
      const names = new Set(parameters.map((p) => (p as { name?: string }).name));
      for (const key of e.query.keys()) expect(names.has(key), `${e.path}?${key}`).toBe(true);
    }
  });

  it('the checker itself rejects a wrong type and an unknown field', () => {
    const wrong = checkAgainst(
      mapi,
      { $ref: '#/definitions/ResponseOfActivity' },
      {
        requestId: 'x',
        success: true,
        result: [
          {
            id: 1,
            leadId: 'seven',
            activityDate: '2026-01-01T00:00:00Z',
            activityTypeId: 1,
            attributes: [],
            colour: 'red',
          },
        ],
      },
    );
    expect(wrong).toEqual([
      '$.result[0].leadId: expected integer, got string',
      '$.result[0].colour: not in Activity',
    ]);
  });
});
