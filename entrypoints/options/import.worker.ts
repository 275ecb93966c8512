/** The options page's import worker: wiring only (lib/workspace/import-worker.ts). */
import { openLooplineDB } from '@/lib/store/db';
import {
  createImportWorkerHandler,
  type FromImportWorker,
  type ToImportWorker,
} from '@/lib/workspace/import-worker';

const scope = self as unknown as {
  postMessage(message: FromImportWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToImportWorker>) => void): void;
};
const handle = createImportWorkerHandler(
  () => openLooplineDB(),
  (message) => scope.postMessage(message),
);
scope.addEventListener('message', (event) => handle(event.data));
