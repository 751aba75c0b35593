import { Worker } from 'node:worker_threads';

/**
 * Runs a TypeScript module in a fresh worker thread and resolves with its first message. A worker
 * does not inherit tsx's loader: the boot script registers it, then loads the entry.
 */
export function runTsWorker<T>(entry: URL, workerData: unknown): Promise<T> {
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  const worker = new Worker(boot, { eval: true, workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: T) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
