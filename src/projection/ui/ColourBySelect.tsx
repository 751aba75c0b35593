import { useMemo } from 'react';
import { colourChoices, type ColourBy } from '../../state/colourValues';
import { useStoreApi, useStore } from '../../state/store';

/** What every panel's points are coloured by: class, the probe's output, neighbour disagreement, or any metadata. */
export function ColourBySelect() {
  const { setState } = useStoreApi();
  const colourBy = useStore((s) => s.colourBy);
  const images = useStore((s) => s.images);
  const labelTable = useStore((s) => s.labelTable);
  const choices = useMemo(() => colourChoices({ images, labelTable }), [images, labelTable]);
  return (
    <label className="field">
      <span>Colour points by</span>
      <select value={colourBy} onChange={(e) => setState({ colourBy: e.target.value as ColourBy })} data-testid="colour-by">
        <option value="class">class</option>
        <optgroup label="Classification probe">
          <option value="predicted">predicted class</option>
          <option value="correct">correct / wrong</option>
        </optgroup>
        <optgroup label="Comparison">
          <option value="disagreement">neighbour disagreement between pipelines</option>
          <option value="invariance">orientation invariance (run the check below)</option>
        </optgroup>
        {choices.length > 0 && (
          <optgroup label="Metadata">
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
