import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssuePath, formatZodError } from './zod-error';

const failure = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
};

describe('formatZodError', () => {
  it('names where and what: dotted keys, array positions in brackets', () => {
    const schema = z.object({ results: z.array(z.object({ id: z.number() })) });
    expect(formatZodError(failure(schema, { results: [{ id: 1 }, { id: 'x' }] }))).toBe(
      'results[1].id: expected number, received string',
    );
  });

  it('puts the prefix before every path, and alone where the problem is the whole value', () => {
    const schema = z.object({ email: z.email('not an email address') });
    expect(formatZodError(failure(schema, { email: 'nope' }), { prefix: 'payload' })).toBe(
      'payload.email: not an email address',
    );
    expect(formatZodError(failure(schema, 'nope'), { prefix: 'reply' })).toBe(
      'reply: expected object, received string',
    );
    expect(formatZodError(failure(z.string(), 1))).toBe('expected string, received number');
  });

  it('spells out the first three problems and counts the rest', () => {
    const schema = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string() });
    const text = formatZodError(failure(schema, {}));
    expect(text.split('; ')).toHaveLength(3);
    expect(text).toMatch(/^a: .*; b: .*; c: .* \(and 2 more\)$/);
    expect(formatZodError(failure(schema, {}), { max: 1 })).toMatch(/^a: [^;]* \(and 4 more\)$/);
  });

  it("keeps a schema's own wording", () => {
    const schema = z.object({ token: z.string().refine((v) => !/\s/.test(v), 'contains spaces') });
    expect(formatZodError(failure(schema, { token: 'a b' }))).toBe('token: contains spaces');
  });

  it('says something even for an error without issues', () => {
    expect(formatZodError({ issues: [] })).toBe('invalid');
  });
});

describe('formatIssuePath', () => {
  it.each([
    [[], '', ''],
    [['sources', 'hubspot', 'token'], '', 'sources.hubspot.token'],
    [[0, 'email'], '', '[0].email'],
    [[0, 'email'], 'people', 'people[0].email'],
    [['outcomes', 2], 'settings', 'settings.outcomes[2]'],
  ])('%j with prefix %j reads %j', (path, prefix, expected) => {
    expect(formatIssuePath(path, prefix)).toBe(expected);
  });
});
