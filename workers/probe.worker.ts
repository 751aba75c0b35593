/// <reference lib="webworker" />
// Thin comlink adapter: runs a share of the probe's units (head × seed chains); the scheduler
// merges the shares. Cancelling terminates the worker.
import * as Comlink from 'comlink';
import { SOFTMAX_LOSS_GRAPH_PATH } from '../models/graphPaths';
import { createOrtSoftmaxLoss } from '../src/probe/lib/ortSoftmaxLoss';
import { probeProbabilities, runProbeUnit, type ProbeData, type ProbeSettings, type ProbeUnit, type ProbeUnitResult } from '../src/probe/lib/probe';
import { jsSoftmaxLoss, type SoftmaxLossFactory } from '../src/probe/lib/softmaxLoss';
import { fetchGraph, loadOrt } from './ort';

let loss: Promise<SoftmaxLossFactory> | undefined;

/** The linear head's loss on onnxruntime's GEMM; plain JavaScript if it cannot load (slower, same fits to float32 rounding). */
function linearLoss(): Promise<SoftmaxLossFactory> {
  loss ??= (async () => {
    try {
      // One thread: the probe runs one worker per core already.
      const ort = await loadOrt(false, 1);
      return (await createOrtSoftmaxLoss(ort, await fetchGraph(SOFTMAX_LOSS_GRAPH_PATH))).loss;
    } catch (e) {
      console.warn('The probe falls back to JavaScript:', e);
      return jsSoftmaxLoss;
    }
  })();
  return loss;
}

const api = {
  async run(data: ProbeData, settings: ProbeSettings, units: ProbeUnit[], onFit: () => void): Promise<ProbeUnitResult[]> {
    const results: ProbeUnitResult[] = [];
    for (const unit of units) results.push(await runProbeUnit(data, settings, unit, onFit, await linearLoss()));
    return Comlink.transfer(
      results,
      results.flatMap((r) => [r.test, ...r.budgets.map((b) => b.predicted)].map((a) => a.buffer as ArrayBuffer)),
    );
  },
  async probabilities(data: ProbeData, settings: ProbeSettings): Promise<Float32Array> {
    // The JavaScript loss: this fit runs while the same worker's units may be using its onnxruntime
    // session, and one session cannot run two inferences at once.
    const p = await probeProbabilities(data, settings);
    return Comlink.transfer(p, [p.buffer as ArrayBuffer]);
  },
};

export type ProbeWorkerApi = typeof api;
Comlink.expose(api);
