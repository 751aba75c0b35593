/**
 * A labelled number input that commits on Enter or when it loses focus, the way spreadsheet
 * cells do: every keystroke would otherwise restart embeddings, layouts or the probe. A value
 * outside [min, max] (or not whole, for `integer`) is not applied; the field shows the current
 * value again.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  step,
  integer = false,
  onChange,
  title,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  onChange: (v: number) => void;
  title?: string;
  testId?: string;
}) {
  return (
    <label className="field inline" title={title}>
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        defaultValue={value}
        key={value}
        onBlur={(e) => {
          const v = Number(e.target.value);
          const ok = e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
          if (ok && v !== value) onChange(v);
          else e.target.value = String(value);
        }}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        data-testid={testId}
      />
    </label>
  );
}
