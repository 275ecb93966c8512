import { describe, expect, it } from 'vitest';
import { parseHtml } from '../sites/fixture-helper';
import { gmailAdapter } from '../sites/gmail';
import { addressInAttributes } from './hover';

const doc = parseHtml(`<html><body>
  <span id="sender" class="gD" email="Ada@Acme.com" name="Ada"><span id="name">Ada</span></span>
  <div id="chip" role="option" data-hovercard-id="bob@acme.com"><div><div><span id="deep3">Bob</span></div></div></div>
  <div data-hovercard-id="carol@acme.com"><div><div><div><span id="deep4">Carol</span></div></div></div></div>
  <div data-hovercard-id="117755512345678901234"><span id="profile">Someone</span></div>
  <div email="not-an-address"><span id="bad">x</span></div>
  <p id="plain">ada@acme.com in text</p>
</body></html>`);

const hover = (id: string) => gmailAdapter.hoverPerson!(doc.getElementById(id)!);

describe('Gmail hover', () => {
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
    expect(hover(id)?.email ?? null).toBe(expected);
  });

  it('names the person by the hovered element’s name attribute', () => {
    expect(hover('sender')).toEqual({ email: 'ada@acme.com', name: 'Ada' });
    expect(hover('name')).toEqual({ email: 'ada@acme.com', name: null });
  });
});

describe('addressInAttributes', () => {
  it('reads only the attributes it is given', () => {
    expect(addressInAttributes(doc.getElementById('sender'), ['data-hovercard-id'])).toBeNull();
    expect(addressInAttributes(doc.getElementById('chip'), ['data-hovercard-id'])).toBe('bob@acme.com');
  });

  it('accepts nothing', () => {
    expect(addressInAttributes(null, ['email'])).toBeNull();
  });
});
