import { describe, expect, it } from 'vitest';
import { parseHtml } from '../sites/fixture-helper';
import { hoverCandidate } from './hover';

const doc = parseHtml(`<html><body>
  <span id="sender" class="gD" email="Ada@Acme.com" name="Ada"><span id="name">Ada</span></span>
  <div id="chip" role="option" data-hovercard-id="bob@acme.com"><div><div><span id="deep3">Bob</span></div></div></div>
  <div data-hovercard-id="carol@acme.com"><div><div><div><span id="deep4">Carol</span></div></div></div></div>
  <div data-hovercard-id="117755512345678901234"><span id="profile">Someone</span></div>
  <div email="not-an-address"><span id="bad">x</span></div>
  <p id="plain">ada@acme.com in text</p>
</body></html>`);

describe('hoverCandidate', () => {
  it.each([
    ['sender', 'ada@acme.com'],
    ['name', 'ada@acme.com'],
    ['chip', 'bob@acme.com'],
    ['deep3', 'bob@acme.com'],
    ['deep4', null],
    ['profile', null],
    ['bad', null],
    ['plain', null],
  ])('#%s → %s', (id, expected) => {
    expect(hoverCandidate(doc.getElementById(id))).toBe(expected);
  });

  it('accepts nothing', () => {
    expect(hoverCandidate(null)).toBeNull();
  });
});
