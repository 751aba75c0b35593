/** Runs a share of the probe's units in a worker thread, as each of the app's probe workers does. */
import { parentPort, workerData } from 'node:worker_threads';
import { runProbeUnit, type ProbeData, type ProbeSettings, type ProbeUnit } from '../src/probe/lib/probe';

const { data, settings, units } = workerData as { data: ProbeData; settings: ProbeSettings; units: ProbeUnit[] };
parentPort!.postMessage(units.map((unit) => runProbeUnit(data, settings, unit)));
