/** Runs a share of the probe's units in a worker thread, as each of the app's probe workers does, with the linear head's loss on onnxruntime (one thread) or in JavaScript. */
import { parentPort, workerData } from 'node:worker_threads';
import * as ortWeb from 'onnxruntime-web';
import { buildSoftmaxLossGraph } from '../models/build/softmaxLossGraph';
import type { OrtModule } from '../src/models/lib/embedder';
import { createOrtSoftmaxLoss } from '../src/probe/lib/ortSoftmaxLoss';
import { runProbeUnit, type ProbeData, type ProbeSettings, type ProbeUnit, type ProbeUnitResult } from '../src/probe/lib/probe';
import { jsSoftmaxLoss } from '../src/probe/lib/softmaxLoss';

const { data, settings, units, engine } = workerData as { data: ProbeData; settings: ProbeSettings; units: ProbeUnit[]; engine: 'ort' | 'js' };
ortWeb.env.wasm.numThreads = 1; // as the app's probe workers: one worker per core, one thread each
const loss = engine === 'ort' ? (await createOrtSoftmaxLoss(ortWeb as unknown as OrtModule, buildSoftmaxLossGraph())).loss : jsSoftmaxLoss;
const results: ProbeUnitResult[] = [];
for (const unit of units) results.push(await runProbeUnit(data, settings, unit, undefined, loss));
parentPort!.postMessage(results);
