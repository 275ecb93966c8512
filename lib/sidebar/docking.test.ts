import { describe, expect, it } from 'vitest';
import { BUILTIN_ADAPTERS } from '../sites';
import { frameAncestry, isDockedByLoopline, notDockedMessage, type FrameAncestry } from './docking';

const GMAIL = 'https://mail.google.com';

describe('isDockedByLoopline', () => {
  it.each<[string, FrameAncestry, string | null, boolean]>([
    ['docked in the tab’s page', { origins: [GMAIL], depth: 1 }, GMAIL, true],
    ['the origin written with a path', { origins: [GMAIL], depth: 1 }, `${GMAIL}/mail/u/0/`, true],
    ['Firefox (no ancestorOrigins), one level deep', { depth: 1 }, GMAIL, true],
    ['opened as a page of its own', { origins: [], depth: 0 }, GMAIL, false],
    ['Firefox, opened as a page of its own', { depth: 0 }, GMAIL, false],
    ['inside another frame of the page', { origins: ['https://ads.example', GMAIL], depth: 2 }, GMAIL, false],
    ['Firefox, inside another frame of the page', { depth: 2 }, GMAIL, false],
    ['framed by another site', { origins: ['https://evil.example'], depth: 1 }, GMAIL, false],
    ['the site on another scheme', { origins: ['http://mail.google.com'], depth: 1 }, GMAIL, false],
    ['a tab Loopline does not run on', { origins: ['https://evil.example'], depth: 1 }, null, false],
    ['Firefox, a tab Loopline does not run on', { depth: 1 }, null, false],
    ['an opaque parent', { origins: ['null'], depth: 1 }, GMAIL, false],
    ['an opaque page origin', { origins: ['null'], depth: 1 }, 'null', false],
    ['origins that contradict the depth', { origins: [GMAIL, GMAIL], depth: 1 }, GMAIL, false],
  ])('%s', (_name, ancestry, pageOrigin, expected) => {
    expect(isDockedByLoopline(ancestry, pageOrigin)).toBe(expected);
  });
});

describe('frameAncestry', () => {
  /** A chain of window stand-ins: what `parent` and `location.ancestorOrigins` give. */
  function chain(depth: number, origins?: string[]): Window {
    const top = {} as { parent: unknown };
    top.parent = top;
    let current: { parent: unknown } = top;
    for (let i = 0; i < depth; i++) current = { parent: current };
    const list = origins && Object.assign([...origins], { item: (i: number) => origins[i] ?? null });
    return Object.assign(current, { location: { ancestorOrigins: list } }) as unknown as Window;
  }

  it('counts the frames up to the top and lists the origins where the browser has them', () => {
    expect(frameAncestry(chain(1, [GMAIL]))).toEqual({ origins: [GMAIL], depth: 1 });
    expect(frameAncestry(chain(0, []))).toEqual({ origins: [], depth: 0 });
    expect(frameAncestry(chain(3))).toEqual({ origins: undefined, depth: 3 });
  });
});

describe('notDockedMessage', () => {
  it('names a built-in site as its adapter does', () => {
    for (const adapter of BUILTIN_ADAPTERS) {
      expect(notDockedMessage(adapter.id, 'https://example.test')).toBe(
        `Loopline's sidebar only runs docked by Loopline on ${adapter.label}.`,
      );
    }
  });

  it('names a user-added site by its host, and no site in general terms', () => {
    expect(notDockedMessage('generic', 'https://crm.custom-example.test')).toBe(
      "Loopline's sidebar only runs docked by Loopline on crm.custom-example.test.",
    );
    expect(notDockedMessage(null, null)).toBe(
      "Loopline's sidebar only runs docked by Loopline on the sites set up in its options.",
    );
    expect(notDockedMessage(null, 'not an origin')).toBe(
      "Loopline's sidebar only runs docked by Loopline on the sites set up in its options.",
    );
  });
});
