/// <reference lib="webworker" />
// Thin comlink adapter around the probe protocol. Cancelling terminates the worker.
import * as Comlink from 'comlink';
import { runProbe, type ProbeData, type ProbeResult, type ProbeSettings } from '../src/core/probe';

const api = {
  run(data: ProbeData, settings: ProbeSettings, onProgress: (done: number, total: number) => void): ProbeResult[] {
    const results = runProbe(data, settings, onProgress);
    return Comlink.transfer(results, results.map((r) => r.predictions.buffer as ArrayBuffer));
  },
};

export type ProbeWorkerApi = typeof api;
Comlink.expose(api);
