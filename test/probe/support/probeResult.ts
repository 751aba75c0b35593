import type { ProbeResult } from '../../../src/probe/lib/probe';

/** A linear-head probe result at the 100 % budget with these per-seed macro-F1s (the rest zero): what the paired tests read. */
export const probeResult = (macroF1PerSeed: number[], budgetLabel = '100 %'): ProbeResult => ({
  head: 'linear',
  budget: { kind: 'fraction', value: 1 },
  budgetLabel,
  macroF1PerSeed,
  macroF1Mean: 0,
  macroF1Std: 0,
  accuracyMean: 0,
  accuracyStd: 0,
  perClassF1Mean: [],
  confusion: [],
  nTrain: 0,
  seeds: macroF1PerSeed.length,
  predictions: new Int32Array(),
});
