/**
 * The probe benchmark: a full sweep (4 budgets × 5 seeds, linear head) on 10,000 × 768 embeddings
 * in 4 classes, by Latent Sky's head (in one thread, and split over worker threads as the app
 * splits it over its probe workers) and by scikit-learn on the same rows, timed in one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_PROBE,
  mergeProbeUnits,
  probeUnits,
  runProbe,
  shareUnits,
  type ProbeData,
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

/** The app's way: every core's worth of worker threads, each running every n-th (head, seed) unit. */
async function inWorkers(data: ProbeData, settings: ProbeSettings): Promise<{ results: ReturnType<typeof runProbe>; seconds: number; workers: number }> {
  const units = probeUnits(settings);
  const workers = Math.min(units.length, cpus().length);
  const start = performance.now();
  const shares = await Promise.all(
    shareUnits(units, workers).map((share) => runTsWorker<ProbeUnitResult[]>(new URL('./probeWorker.ts', import.meta.url), { data, settings, units: share })),
  );
  const results = mergeProbeUnits(data, settings, shares.flat());
  return { results, seconds: (performance.now() - start) / 1000, workers };
}

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
  const start = performance.now();
  const results = runProbe(probeData, settings);
  const oneThread = (performance.now() - start) / 1000;
  const parallel = await inWorkers(probeData, settings);
  const seconds = parallel.seconds;
  const same = JSON.stringify(parallel.results) === JSON.stringify(results);
  const mine = Object.fromEntries(results.map((r) => [r.budgetLabel, r.macroF1Mean]));
  const f1 = (scores: Record<string, number[] | number>) =>
    Object.entries(scores)
      .map(([b, v]) => `${b} ${(Array.isArray(v) ? v.reduce((a, c) => a + c, 0) / v.length : v).toFixed(3)}`)
      .join(', ');
  console.log(`Probe sweep, ${N} × ${D}, ${K} classes, 4 budgets × ${SEEDS} seeds, linear head (C = 1):`);
  console.log(`  Latent Sky, one thread (runProbe):                 ${oneThread.toFixed(1)} s  [macro-F1 ${f1(mine)}]`);
  console.log(
    `  Latent Sky, ${parallel.workers} worker threads (as the app):        ${seconds.toFixed(1)} s  (${same ? 'identical results' : 'RESULTS DIFFER'}; ${(oneThread / seconds).toFixed(2)}× the one-thread speed)`,
  );

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
    console.log(`  scikit-learn LogisticRegression (lbfgs):           ${out.seconds.toFixed(1)} s  [macro-F1 ${f1(out.macroF1)}]`);
    console.log(`  ratio Latent Sky / scikit-learn (time):            ${(seconds / out.seconds).toFixed(2)}`);
  } catch (e) {
    console.log(`  scikit-learn: not run (${(e as Error).message.split('\n')[0]}); install Debian's python3-sklearn`);
  }
}
