/**
 * A streaming scanner for one JSON object whose big members are arrays — the Loopline workspace
 * file. It does not build values: it finds where each top-level member and each element of a
 * top-level array starts and ends, and hands out their text with the line they start on, to be
 * `JSON.parse`d one by one. So a file of a million touchpoints is read chunk by chunk without one
 * giant JSON.parse freezing the page, and a bad record is reported by its line.
 */

export class JsonScanError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonScanError';
  }
}

export interface JsonScanHandlers {
  /** A top-level member that is not an array (`"version": 1`). */
  member(key: string, text: string, line: number): void;
  /** An element of a top-level array member (`"leads": [ … ]`), with its index. */
  element(key: string, index: number, text: string, line: number): void;
}

export interface JsonScanner {
  push(text: string): void;
  /** Throws JsonScanError when the text ended before the object did. */
  end(): void;
  /** Elements and members emitted so far. */
  readonly pieces: number;
}

type State =
  | 'root'
  | 'key'
  | 'key-string'
  | 'colon'
  | 'value'
  | 'after-value'
  | 'element'
  | 'after-element'
  | 'capture'
  | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function createJsonScanner(handlers: JsonScanHandlers): JsonScanner {
  let state: State = 'root';
  let line = 1;
  let pieces = 0;
  // The member being read, and where we are in its array.
  let key = '';
  let inArray = false;
  let index = 0;
  // The piece (key string or value) being captured, possibly across chunks.
  let parts: string[] = [];
  let captureLine = 0;
  let captureKind: 'container' | 'string' | 'literal' = 'literal';
  let nesting = 0;
  let inString = false;
  let escaped = false;

  function fail(message: string): never {
    throw new JsonScanError(line, message);
  }

  function emit(text: string): void {
    pieces++;
    if (inArray) {
      handlers.element(key, index++, text, captureLine);
      state = 'after-element';
    } else {
      handlers.member(key, text, captureLine);
      state = 'after-value';
    }
  }

  function push(text: string): void {
    // Where the current capture starts in this chunk (0 when it began in an earlier one).
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (state) {
        case 'capture': {
          if (captureKind === 'literal') {
            if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c)) {
              emit(parts.join('') + text.slice(start, i));
              parts = [];
              i--; // the terminator belongs to the next state
              continue;
            }
            break;
          }
          if (inString) {
            if (escaped) escaped = false;
            else if (c === BACKSLASH) escaped = true;
            else if (c === QUOTE) {
              inString = false;
              if (captureKind === 'string') {
                emit(parts.join('') + text.slice(start, i + 1));
                parts = [];
              }
            }
          } else if (c === QUOTE) inString = true;
          else if (c === OPEN_BRACE || c === OPEN_BRACKET) nesting++;
          else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (--nesting === 0) {
              emit(parts.join('') + text.slice(start, i + 1));
              parts = [];
            }
          }
          break;
        }
        case 'root':
          if (c === OPEN_BRACE) state = 'key';
          else if (c !== 0xfeff && !isSpace(c))
            fail('not a Loopline workspace file: it does not start with a JSON object');
          break;
        case 'key':
          if (c === QUOTE) {
            state = 'key-string';
            start = i;
            parts = [];
            escaped = false;
          } else if (c === CLOSE_BRACE) state = 'done';
          else if (!isSpace(c)) fail('expected a property name in quotes');
          break;
        case 'key-string':
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            try {
              key = JSON.parse(parts.join('') + text.slice(start, i + 1)) as string;
            } catch {
              fail('a property name is not a valid JSON string');
            }
            parts = [];
            state = 'colon';
          }
          break;
        case 'colon':
          if (c === COLON) state = 'value';
          else if (!isSpace(c)) fail('expected ":" after a property name');
          break;
        case 'value':
        case 'element':
          if (isSpace(c)) break;
          if (state === 'value' && c === OPEN_BRACKET) {
            state = 'element';
            inArray = true;
            index = 0;
            break;
          }
          if (state === 'element' && c === CLOSE_BRACKET) {
            inArray = false;
            state = 'after-value';
            break;
          }
          state = 'capture';
          start = i;
          parts = [];
          captureLine = line;
          inString = c === QUOTE;
          escaped = false;
          captureKind =
            c === QUOTE ? 'string' : c === OPEN_BRACE || c === OPEN_BRACKET ? 'container' : 'literal';
          nesting = captureKind === 'container' ? 1 : 0;
          break;
        case 'after-element':
          if (c === COMMA) state = 'element';
          else if (c === CLOSE_BRACKET) {
            inArray = false;
            state = 'after-value';
          } else if (!isSpace(c)) fail(`expected "," or "]" in the "${key}" list`);
          break;
        case 'after-value':
          if (c === COMMA) state = 'key';
          else if (c === CLOSE_BRACE) state = 'done';
          else if (!isSpace(c)) fail('expected "," or "}" after a value');
          break;
        case 'done':
          if (!isSpace(c)) fail('unexpected text after the end of the workspace object');
          break;
      }
      if (c === NEWLINE) line++;
    }
    if (state === 'capture' || state === 'key-string') parts.push(text.slice(start));
  }

  return {
    push,
    end() {
      if (state === 'capture' && captureKind === 'literal') {
        emit(parts.join(''));
        parts = [];
      }
      if (state === 'root') fail('the file is empty');
      if (state !== 'done') {
        fail(
          inArray
            ? `the file ends inside the "${key}" list: it is cut short`
            : 'the file ends before the workspace object does: it is cut short',
        );
      }
    },
    get pieces() {
      return pieces;
    },
  };
}
