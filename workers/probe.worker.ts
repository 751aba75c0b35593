/// <reference lib="webworker" />
// Thin comlink adapter: runs a share of the probe's units (head × seed chains); the scheduler
// merges the shares. Cancelling terminates the worker.
import * as Comlink from 'comlink';
import { probeProbabilities, runProbeUnit, type ProbeData, type ProbeSettings, type ProbeUnit, type ProbeUnitResult } from '../src/probe/lib/probe';

const api = {
  run(data: ProbeData, settings: ProbeSettings, units: ProbeUnit[], onFit: () => void): ProbeUnitResult[] {
    const results = units.map((unit) => runProbeUnit(data, settings, unit, onFit));
    return Comlink.transfer(
      results,
      results.flatMap((r) => [r.test, ...r.budgets.map((b) => b.predicted)].map((a) => a.buffer as ArrayBuffer)),
    );
  },
  probabilities(data: ProbeData, settings: ProbeSettings): Float32Array {
    const p = probeProbabilities(data, settings);
    return Comlink.transfer(p, [p.buffer as ArrayBuffer]);
  },
};

export type ProbeWorkerApi = typeof api;
Comlink.expose(api);
