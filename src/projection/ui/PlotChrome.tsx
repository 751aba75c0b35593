import type { ReactNode } from 'react';
import type { LegendSpec } from '../../state/pointColours';
import { useStoreApi } from '../../state/store';
import { Legend } from '../../shared/ui/Legend';
import { ColourBar } from './ColourBar';
import type { SelectMode } from './SelectionOverlay';

/** Pan / Lasso / Box: what dragging on a plot does. */
export function PlotTools({ mode, onMode, selectHint }: { mode: SelectMode; onMode: (mode: SelectMode) => void; selectHint: string }) {
  return (
    <div className="tools" role="toolbar" aria-label="Plot tools">
      {(['pan', 'lasso', 'box'] as const).map((m) => (
        <button
          key={m}
          className={`small-button${mode === m ? ' active' : ''}`}
          aria-pressed={mode === m}
          title={
            m === 'pan'
              ? 'Pan and zoom: drag and scroll, or click the plot and use the arrow keys and +/−'
              : `${m === 'lasso' ? 'Lasso' : 'Box'} selection: ${selectHint}; Shift adds to the selection`
          }
          onClick={() => onMode(m)}
          data-testid={`tool-${m}`}
        >
          {m === 'pan' ? 'Pan' : m === 'lasso' ? 'Lasso' : 'Box'}
        </button>
      ))}
    </div>
  );
}

/** A plot's legend: classes (entries switch a class off everywhere when coloured by class) or a colour bar. */
/** `children`: entries other features add under the legend (e.g. the density contours'). */
export function PlotLegend({
  legend,
  byClass,
  hiddenClasses,
  children,
}: {
  legend: LegendSpec;
  byClass: boolean;
  hiddenClasses: readonly string[];
  children?: ReactNode;
}) {
  const { setState } = useStoreApi();
  /** Switches a class off (or back on) in every panel. */
  const toggleClass = (name: string) =>
    setState((s) => ({ hiddenClasses: s.hiddenClasses.includes(name) ? s.hiddenClasses.filter((n) => n !== name) : [...s.hiddenClasses, name] }));
  return (
    <div className="plot-legend">
      {legend.kind === 'continuous' ? (
        <ColourBar {...legend} />
      ) : (
        <Legend {...legend} hidden={byClass ? hiddenClasses : undefined} onToggle={byClass ? toggleClass : undefined} />
      )}
      {children}
    </div>
  );
}
