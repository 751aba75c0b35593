import type { Rgb } from '../lib/palette';

/** Legend with counts; every plot shows one. */
export function Legend({
  names,
  counts,
  colours,
  label = 'Classes',
  hidden,
  onToggle,
}: {
  names: string[];
  counts: number[];
  colours: Rgb[];
  label?: string;
  /** With `onToggle`, entries are buttons that show or hide their class in every panel. */
  hidden?: readonly string[];
  onToggle?: (name: string) => void;
}) {
  return (
    <ul className="legend" data-testid="legend" aria-label={label}>
      {names.map((name, i) => {
        const [r, g, b] = colours[i];
        const off = hidden?.includes(name);
        const content = (
          <>
            <span className="swatch" style={{ background: off ? 'transparent' : `rgb(${r},${g},${b})`, borderColor: `rgb(${r},${g},${b})` }} />
            <span className="legend-name">{name}</span>
            <span className="legend-count">{counts[i]}</span>
          </>
        );
        return (
          <li key={name} data-testid="legend-item" className={off ? 'off' : undefined}>
            {onToggle ? (
              <button className="legend-toggle" aria-pressed={!off} title={off ? `Show ${name}` : `Hide ${name}`} onClick={() => onToggle(name)}>
                {content}
              </button>
            ) : (
              content
            )}
          </li>
        );
      })}
    </ul>
  );
}
