import { useState } from 'react';
import type { Head, ProbeSettings } from '../lib/probe';
import type { Budget } from '../lib/split';
import type { Whitening } from '../lib/whiten';
import { useStoreApi, useStore } from '../../state/store';
import { NumberField } from '../../shared/ui/NumberField';

function parseBudgets(text: string, kind: Budget['kind']): Budget[] | undefined {
  const values = text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((v) => Number(v.replace('%', '')));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) return undefined;
  if (kind === 'fraction') {
    const fractions = values.map((v) => (v > 1 ? v / 100 : v));
    return fractions.every((f) => f <= 1) ? fractions.map((value) => ({ kind, value })) : undefined;
  }
  return values.every(Number.isInteger) ? values.map((value) => ({ kind, value })) : undefined;
}

const budgetText = (budgets: Budget[]) => budgets.map((b) => (b.kind === 'fraction' ? `${Math.round(b.value * 100)}%` : String(b.value))).join(', ');

/** The probe protocol's settings; every change re-runs the probe by itself. */
export function ProbeSettingsForm() {
  const settings = useStore((s) => s.probeSettings);
  const { setState } = useStoreApi();
  const update = (patch: Partial<ProbeSettings>) => setState((s) => ({ probeSettings: { ...s.probeSettings, ...patch } }));
  const kind = settings.budgets[0]?.kind ?? 'fraction';
  const [text, setText] = useState<string>();
  const [error, setError] = useState<string>();
  const toggleHead = (head: Head, on: boolean) => {
    const heads = on ? [...new Set([...settings.heads, head])] : settings.heads.filter((h) => h !== head);
    if (heads.length) update({ heads: (['linear', 'mlp'] as Head[]).filter((h) => heads.includes(h)) });
  };
  const commitBudgets = (value: string, k: Budget['kind']) => {
    const budgets = parseBudgets(value, k);
    if (budgets) {
      update({ budgets });
      setError(undefined);
      setText(undefined);
    } else setError(k === 'fraction' ? 'Fractions: e.g. 10%, 30%, 50%, 100%' : 'Images per class: whole numbers, e.g. 5, 10, 25');
  };
  return (
    <div className="probe-settings" data-testid="probe-settings">
      <fieldset>
        <legend>Head</legend>
        <label className="check">
          <input type="checkbox" checked={settings.heads.includes('linear')} onChange={(e) => toggleHead('linear', e.target.checked)} /> linear (logistic
          regression, L2, C = {settings.C})
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.heads.includes('mlp')} onChange={(e) => toggleHead('mlp', e.target.checked)} data-testid="probe-mlp" /> MLP (
          {settings.mlpHidden} hidden, early stopping)
        </label>
      </fieldset>
      <label className="field">
        <span>Whitening (fitted on the training labels only)</span>
        <select value={settings.whitening} onChange={(e) => update({ whitening: e.target.value as Whitening })}>
          <option value="none">none</option>
          <option value="standardise">standardise features</option>
          <option value="pca">PCA whitening</option>
        </select>
      </label>
      <div className="params">
        <label className="field inline wide">
          <span>Label budget as</span>
          <select
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Budget['kind'];
              update({ budgets: parseBudgets(k === 'fraction' ? '10,30,50,100' : '5,10,25,50,100', k)! });
              setText(undefined);
            }}
            data-testid="probe-budget-kind"
          >
            <option value="fraction">% of training set</option>
            <option value="perClass">images per class</option>
          </select>
        </label>
        <NumberField
          label="Seeds"
          value={settings.seeds}
          min={1}
          max={50}
          step={1}
          integer
          onChange={(seeds) => update({ seeds })}
          title="Independent splits and labelled subsets; the table shows mean ± std over them"
          testId="probe-seeds"
        />
      </div>
      <label className="field">
        <span>Budgets</span>
        <input
          value={text ?? budgetText(settings.budgets)}
          onChange={(e) => setText(e.target.value)}
          onBlur={(e) => commitBudgets(e.target.value, kind)}
          onKeyDown={(e) => e.key === 'Enter' && commitBudgets((e.target as HTMLInputElement).value, kind)}
          data-testid="probe-budgets"
        />
      </label>
      {error && <p className="error">{error}</p>}
      <p className="muted small">
        Stratified {Math.round(settings.testFraction * 100)} % test split (or a <code>split</code> column of train/test in the labels CSV), a new split and
        labelled subset per seed; mean ± std over seeds.
      </p>
    </div>
  );
}
