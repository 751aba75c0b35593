/**
 * The probe benchmark: a full sweep (4 budgets × 5 seeds, linear head) on 10,000 × 768 embeddings
 * in 4 classes, by Latent Sky's head (in one thread with the loss in JavaScript and on
 * onnxruntime-web, and split over worker threads as the app splits it over its probe workers) and
 * by scikit-learn on the same rows, timed in one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_PROBE,
  mergeProbeUnits,
  probeUnits,
  shareUnits,
  type ProbeData,
  type ProbeResult,
  type ProbeSettings,
  type ProbeUnitResult,
} from '../src/probe/lib/probe';
import { seededRandom } from '../src/shared/lib/random';
import { budgetLabel, budgetSubset, stratifiedSplit } from '../src/probe/lib/split';
import { runTsWorker } from './tsWorker';

const N = 10_000,
  D = 768,
  K = 4,
  SEEDS = 5;

function data(): { X: Float32Array; y: Int32Array } {
  const rand = seededRandom(11);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: K }, () => Float32Array.from({ length: D }, () => gauss() * 0.08));
  const y = Int32Array.from({ length: N }, (_, i) => i % K);
  const X = new Float32Array(N * D);
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) X[i * D + j] = centres[y[i]][j] + gauss();
  return { X, y };
}

/**
 * Units run in worker threads, each a fresh thread: `workers` threads each running every n-th
 * (head, seed) unit, as the app splits a sweep over its probe workers (workers = 1: one thread).
 */
async function inWorkers(
  data: ProbeData,
  settings: ProbeSettings,
  workers: number,
  engine: 'ort' | 'js',
): Promise<{ results: ProbeResult[]; seconds: number; cpu: number }> {
  const start = performance.now(),
    cpu = process.cpuUsage();
  const shares = await Promise.all(
    shareUnits(probeUnits(settings), workers).map((share) =>
      runTsWorker<ProbeUnitResult[]>(new URL('./probeWorker.ts', import.meta.url), { data, settings, units: share, engine }),
    ),
  );
  const results = mergeProbeUnits(data, settings, shares.flat());
  const used = process.cpuUsage(cpu);
  return { results, seconds: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const meanF1 = (results: ProbeResult[]) => Object.fromEntries(results.map((r) => [r.budgetLabel, r.macroF1Mean]));
const load = () => loadavg()[0].toFixed(1);
/** Wall time, and the CPU time of every thread: on a machine shared with other jobs the wall time is mostly waiting. */
const timed = (r: { seconds: number; cpu: number }) => `${r.seconds.toFixed(1)} s (CPU ${r.cpu.toFixed(1)} s)`;

export async function probeSweep(): Promise<void> {
  const { X, y } = data();
  const all = Array.from({ length: N }, (_, i) => i);
  const runs = DEFAULT_PROBE.budgets.flatMap((budget) =>
    Array.from({ length: SEEDS }, (_, seed) => {
      const { train, test } = stratifiedSplit(y, all, 0.2, 1000 + seed);
      return { budget: budgetLabel(budget), train: budgetSubset(y, train, budget, 2000 + seed), test };
    }),
  );
  // The same splits and subsets as runProbe draws (seeds 1000 + s and 2000 + s), for scikit-learn.
  const probeData = { X, dim: D, labels: y, nClasses: K };
  const settings = { ...DEFAULT_PROBE, seeds: SEEDS, testFraction: 0.2 };
  const workers = Math.min(SEEDS, cpus().length);
  const f1 = (scores: Record<string, number[] | number>) =>
    Object.entries(scores)
      .map(([b, v]) => `${b} ${(Array.isArray(v) ? v.reduce((a, c) => a + c, 0) / v.length : v).toFixed(3)}`)
      .join(', ');
  console.log(`Probe sweep, ${N} × ${D}, ${K} classes, 4 budgets × ${SEEDS} seeds, linear head (C = 1); load average ${load()} at the start:`);
  const js = await inWorkers(probeData, settings, 1, 'js');
  console.log(`  Latent Sky, one thread, loss in JavaScript:        ${timed(js)}  [macro-F1 ${f1(meanF1(js.results))}]`);
  const ort = await inWorkers(probeData, settings, 1, 'ort');
  console.log(`  Latent Sky, one thread, loss on onnxruntime-web:   ${timed(ort)}  [macro-F1 ${f1(meanF1(ort.results))}]`);
  const parallel = await inWorkers(probeData, settings, workers, 'ort');
  const same = JSON.stringify(parallel.results) === JSON.stringify(ort.results);
  const seconds = parallel.seconds;
  console.log(
    `  Latent Sky, ${workers} worker threads (as the app):        ${timed(parallel)}  (${same ? 'identical results' : 'RESULTS DIFFER'}; ${(ort.seconds / seconds).toFixed(2)}× the one-thread speed)`,
  );
  const gap = Math.max(...js.results.map((r, i) => Math.abs(r.macroF1Mean - ort.results[i].macroF1Mean)));
  console.log(`  macro-F1, JavaScript vs onnxruntime loss:          largest difference ${gap.toFixed(4)}`);

  const folder = mkdtempSync(join(tmpdir(), 'latent-sky-sweep-'));
  writeFileSync(join(folder, 'X.f32'), X);
  writeFileSync(join(folder, 'sweep.json'), JSON.stringify({ n: N, d: D, y: Array.from(y), runs }));
  try {
    const out = JSON.parse(
      execFileSync('python3', [join(import.meta.dirname, 'sklearn_sweep.py'), folder], {
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: '/usr/lib/python3/dist-packages' },
        maxBuffer: 1 << 24,
      }),
    );
    console.log(`  scikit-learn LogisticRegression (lbfgs):           ${timed(out)}  [macro-F1 ${f1(out.macroF1)}]`);
    const sklearnGap = Math.max(...parallel.results.map((r) => Math.abs(r.macroF1Mean - out.macroF1[r.budgetLabel])));
    console.log(`  macro-F1, Latent Sky vs scikit-learn:              largest difference ${sklearnGap.toFixed(4)}`);
    console.log(
      `  ratio Latent Sky / scikit-learn:                   ${(seconds / out.seconds).toFixed(2)} in wall time, ${(parallel.cpu / out.cpu).toFixed(2)} in CPU time (load average ${load()} at the end)`,
    );
  } catch (e) {
    console.log(`  scikit-learn: not run (${(e as Error).message.split('\n')[0]}); install Debian's python3-sklearn`);
  }
}
