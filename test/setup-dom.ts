// DOM test files share a worker's document (the dom project is not isolated, see
// vitest.config.ts): each test leaves it empty for the next, whichever file that is in.
// @testing-library/preact registers its own cleanup only in the first file that imports it.
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  document.body.replaceChildren();
  document.head.replaceChildren();
});
