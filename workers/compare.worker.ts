/// <reference lib="webworker" />
// Thin comlink adapter around the pipeline comparison metrics and the orientation-invariance measurement.
import * as Comlink from 'comlink';
import { comparePipelines, type CompareInput, type CompareResult } from '../src/compare/lib/compare';
import { measureInvariance, type InvarianceInput, type InvarianceResult } from '../src/compare/lib/invariance';

const api = {
  compare(inputs: CompareInput[], labels: Int32Array, nClasses: number): CompareResult {
    const result = comparePipelines(inputs, labels, nClasses);
    return Comlink.transfer(result, [result.disagreement.buffer as ArrayBuffer]);
  },
  async invariance(input: InvarianceInput): Promise<InvarianceResult> {
    const r = await measureInvariance(input);
    const arrays = [...r.cosine, ...r.kept, r.neighbours, ...r.copyNeighbours, r.score, ...(r.predicted ? [r.predicted, ...r.copyPredicted!] : [])];
    return Comlink.transfer(
      r,
      arrays.map((a) => a.buffer as ArrayBuffer),
    );
  },
};

export type CompareWorkerApi = typeof api;
Comlink.expose(api);
