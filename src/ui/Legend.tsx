import { classColour } from '../core/palette';

/** Class legend with counts; every plot shows one. */
export function Legend({ names, counts }: { names: string[]; counts: number[] }) {
  return (
    <ul className="legend" data-testid="legend" aria-label="Classes">
      {names.map((name, i) => {
        const [r, g, b] = classColour(i, name);
        return (
          <li key={name} data-testid="legend-item">
            <span className="swatch" style={{ background: `rgb(${r},${g},${b})` }} />
            <span className="legend-name">{name}</span>
            <span className="legend-count">{counts[i]}</span>
          </li>
        );
      })}
    </ul>
  );
}
