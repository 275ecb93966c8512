import { describe, expect, it } from 'vitest';
import { createJsonScanner, JsonScanError } from './json-scan';

type Piece = [kind: 'member' | 'element', key: string, index: number, text: string, line: number];

function scan(text: string, size = text.length): Piece[] {
  const pieces: Piece[] = [];
  const scanner = createJsonScanner({
    member: (key, value, line) => pieces.push(['member', key, -1, value, line]),
    element: (key, index, value, line) => pieces.push(['element', key, index, value, line]),
  });
  for (let at = 0; at < text.length; at += size) scanner.push(text.slice(at, at + size));
  scanner.end();
  return pieces;
}

const DOC = `\ufeff{"format":"loopline-workspace", "version" : 1,
"lea\\"ds":[
{"email":"a@x.example","note":"braces } ] { [ and \\"quotes\\" and \\\\"},
  {"email":"b@x.example",
   "refs":[{"id":"1"}]}
],
"touchpoints": [ ],
"tags": ["x", 2, true, null, -1.5e3],
"meta": {"nested": [1, {"a": "]"}]},
"last": false
}
`;

describe('createJsonScanner', () => {
  const expected: Piece[] = [
    ['member', 'format', -1, '"loopline-workspace"', 1],
    ['member', 'version', -1, '1', 1],
    ['element', 'lea"ds', 0, '{"email":"a@x.example","note":"braces } ] { [ and \\"quotes\\" and \\\\"}', 3],
    ['element', 'lea"ds', 1, '{"email":"b@x.example",\n   "refs":[{"id":"1"}]}', 4],
    ['element', 'tags', 0, '"x"', 8],
    ['element', 'tags', 1, '2', 8],
    ['element', 'tags', 2, 'true', 8],
    ['element', 'tags', 3, 'null', 8],
    ['element', 'tags', 4, '-1.5e3', 8],
    ['member', 'meta', -1, '{"nested": [1, {"a": "]"}]}', 9],
    ['member', 'last', -1, 'false', 10],
  ];

  it('hands out each member and array element with the line it starts on', () => {
    expect(scan(DOC)).toEqual(expected);
  });

  it('gives the same pieces however the text is cut into chunks', () => {
    for (let size = 1; size <= 25; size++) expect(scan(DOC, size)).toEqual(expected);
  });

  it('hands out text that JSON.parse reads as the original values', () => {
    const parsed = scan(DOC).map(([, , , text]) => JSON.parse(text) as unknown);
    expect(parsed[2]).toEqual({ email: 'a@x.example', note: 'braces } ] { [ and "quotes" and \\' });
  });

  it.each([
    ['', /empty/, 1],
    ['   \n ', /empty/, 2],
    ['[1, 2]', /does not start with a JSON object/, 1],
    ['{"leads":[{"a":1},\n{"a":2}', /ends inside the "leads" list/, 2],
    ['{"format":"x"', /ends before the workspace object does/, 1],
    ['{"a":1}\n{"b":2}', /unexpected text after the end/, 2],
    ['{"a" 1}', /expected ":"/, 1],
    ['{"a":1 "b":2}', /expected "," or "}"/, 1],
    ['{"leads":[{"a":1} {"a":2}]}', /expected "," or "]" in the "leads" list/, 1],
    ['{a:1}', /property name in quotes/, 1],
  ])('rejects %j', (text, message, line) => {
    let caught: unknown;
    try {
      scan(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonScanError);
    expect((caught as JsonScanError).message).toMatch(message);
    expect((caught as JsonScanError).line).toBe(line);
  });
});
