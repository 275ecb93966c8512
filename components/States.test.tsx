import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { NOW, hoursAgo } from '../lib/sidebar/test-data';
import { Idle, Loading, NoSource, NotFound, Offline, SourceError } from './States';
import { format } from './test-utils';

describe('states', () => {
  it('Loading: a skeleton that tells assistive tech what it waits for', () => {
    const { getByRole, container } = render(<Loading email="dana@acme.example" />);
    expect(getByRole('status').textContent).toBe('Loading dana@acme.example…');
    expect(container.querySelector('[aria-busy="true"]')).toBeTruthy();
    expect(container.querySelectorAll('.ll-skel[aria-hidden="true"]').length).toBeGreaterThan(3);
  });

  it('NotFound: names the address and says no record was created', () => {
    const onRefresh = vi.fn();
    const { getByRole, container } = render(
      <NotFound
        email="nobody@elsewhere.example"
        sources={[
          { source: 'hubspot', label: 'HubSpot', state: 'fresh' },
          { source: 'local', label: 'Sample workspace', state: 'fresh' },
        ]}
        onRefresh={onRefresh}
      />,
    );
    expect(getByRole('heading', { level: 2 }).textContent).toBe(
      'nobody@elsewhere.example is not in your marketing data',
    );
    expect(container.textContent).toContain(
      'Loopline looked in HubSpot and Sample workspace. No record was created anywhere.',
    );
    fireEvent.click(getByRole('button', { name: 'Check again' }));
    expect(onRefresh).toHaveBeenCalled();
  });

  it('NoSource: offers set-up and the sample workspace', () => {
    const onSetUp = vi.fn();
    const onSample = vi.fn();
    const { getByRole } = render(<NoSource onSetUp={onSetUp} onSample={onSample} />);
    fireEvent.click(getByRole('button', { name: 'Set up a source' }));
    fireEvent.click(getByRole('button', { name: 'Try the sample workspace' }));
    expect(onSetUp).toHaveBeenCalled();
    expect(onSample).toHaveBeenCalled();
  });

  it('SourceError: which source, what happened, retry, and the age of the data still shown', () => {
    const onRetry = vi.fn();
    const { getByRole, container } = render(
      <SourceError
        compact
        hasData
        sources={[
          {
            source: 'hubspot',
            label: 'HubSpot',
            state: 'error',
            fetchedAt: hoursAgo(2),
            error: { kind: 'auth', message: 'The private-app token was rejected (401).' },
          },
          { source: 'marketo', label: 'Marketo', state: 'error' },
        ]}
        format={format}
        now={NOW}
        onRetry={onRetry}
      />,
    );
    expect(getByRole('region', { name: 'Data source problem' })).toBeTruthy();
    expect(container.textContent).toContain(
      'HubSpot: The private-app token was rejected (401). Showing data from 2 hr. ago.',
    );
    expect(container.textContent).toContain(
      'Marketo: the last request failed. Nothing from this source is shown.',
    );
    fireEvent.click(getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('SourceError without data: a full panel with the message', () => {
    const { getByRole, container } = render(
      <SourceError
        sources={[]}
        message="Loopline was updated. Reload the page."
        hasData={false}
        format={format}
        now={NOW}
        onRetry={() => {}}
        retrying
      />,
    );
    expect(getByRole('heading', { name: 'Could not load this lead' })).toBeTruthy();
    expect(container.textContent).toContain('Loopline was updated. Reload the page.');
    expect(getByRole('button', { name: 'Retrying…' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('Offline: says what is shown and what happens to outcomes', () => {
    const banner = render(<Offline compact fetchedAt={hoursAgo(1)} format={format} now={NOW} />);
    expect(banner.getByRole('status').textContent).toBe(
      'You are offline. Showing data saved 1 hr. ago; outcomes you record are kept and sent when you are back online.',
    );
    banner.unmount();
    const panel = render(<Offline format={format} now={NOW} />);
    expect(panel.getByRole('heading', { name: 'Offline' })).toBeTruthy();
    expect(panel.getByRole('status').textContent).toContain(
      'Loopline loads this lead when you are back online',
    );
  });

  it('Idle: says what to do', () => {
    const { getByRole } = render(<Idle />);
    expect(getByRole('heading', { name: 'No lead on this page' })).toBeTruthy();
  });
});
