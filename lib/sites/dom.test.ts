import { describe, expect, it } from 'vitest';
import { isHiddenByMarkup } from './dom';

function tree(html: string): Element {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
}

describe('isHiddenByMarkup', () => {
  const root = tree(`
    <section id="shown"><p><span id="a">a</span><span id="b">b</span></p></section>
    <section id="off" style="color: red; display: none"><p><span id="c">c</span></p></section>
    <section hidden><p><span id="d">d</span></p></section>`);
  const at = (id: string) => root.querySelector(`#${id}`)!;

  it.each([
    ['a', false],
    ['c', true],
    ['d', true],
  ])('%s hidden: %s', (id, hidden) => {
    expect(isHiddenByMarkup(at(id), root)).toBe(hidden);
  });

  it('gives the same answers whatever the order of asking', () => {
    expect(['c', 'a', 'd', 'b', 'c', 'a'].map((id) => isHiddenByMarkup(at(id), root))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it('stops at the given ancestor', () => {
    expect(isHiddenByMarkup(at('c'), at('c').parentElement)).toBe(false);
  });
});
