/**
 * `pure(Component)`: a component that renders again only when a prop changed (shallow, by
 * identity), for the parts of the sidebar whose props are stable signals. Not preact/compat's
 * `memo`: importing compat switches on React event semantics for every Preact tree on the page.
 */
import { Component, h, type ComponentChild, type FunctionComponent } from 'preact';

function sameProps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.is(a[key], b[key]));
}

export function pure<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  class Pure extends Component<P> {
    static override displayName = `pure(${render.displayName ?? render.name})`;
    override shouldComponentUpdate(next: P): boolean {
      return !sameProps(this.props as Record<string, unknown>, next as Record<string, unknown>);
    }
    override render(props: P): ComponentChild {
      return h(render as FunctionComponent<object>, props);
    }
  }
  return Pure as unknown as FunctionComponent<P>;
}
