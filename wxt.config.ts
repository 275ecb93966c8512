import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { buildManifest } from './lib/manifest';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: code reads the same in and out of WXT, and nothing from
  // components/ (test utilities included) is pulled into a bundle by a name that happens to match.
  imports: false,
  // MV3 on Firefox too: one permission model (optional_host_permissions) everywhere.
  manifestVersion: 3,
  vite: () => ({
    // Prefresh's HMR runtime cannot run inside content scripts; the build never needs it.
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    build: {
      sourcemap: process.env.LOOPLINE_SOURCEMAP === '1',
      // LOOPLINE_PROFILE=1 keeps names readable for a CPU profile.
      minify: process.env.LOOPLINE_PROFILE !== '1',
    },
  }),
  // One build for users, the e2e suite, the demo and the benchmarks (.output/chrome-mv3).
  manifest: ({ browser }) => buildManifest({ browser }),
});
