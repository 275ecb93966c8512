import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/pages/PopupApp';
import type { PageSpec } from '@/components/pages/types';
import '@/components/pages/pages.css';
import { createClient } from '@/lib/messaging/client';

const root = document.getElementById('root');
if (root) {
  render(
    <PopupApp deps={{ client: createClient<PageSpec>((message) => browser.runtime.sendMessage(message)) }} />,
    root,
  );
}
