/// <reference lib="webworker" />
// Thin comlink adapter around the pipeline comparison metrics.
import * as Comlink from 'comlink';
import { comparePipelines, type CompareInput, type CompareResult } from '../src/compare/lib/compare';

const api = {
  compare(inputs: CompareInput[], labels: Int32Array, nClasses: number): CompareResult {
    const result = comparePipelines(inputs, labels, nClasses);
    return Comlink.transfer(result, [result.disagreement.buffer as ArrayBuffer]);
  },
};

export type CompareWorkerApi = typeof api;
Comlink.expose(api);
