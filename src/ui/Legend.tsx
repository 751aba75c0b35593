import { classColour, type Rgb } from '../core/palette';

/** Legend with counts; every plot shows one. Colours default to the class palette. */
export function Legend({ names, counts, colours, label = 'Classes' }: { names: string[]; counts: number[]; colours?: Rgb[]; label?: string }) {
  return (
    <ul className="legend" data-testid="legend" aria-label={label}>
      {names.map((name, i) => {
        const [r, g, b] = colours?.[i] ?? classColour(i, name);
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
