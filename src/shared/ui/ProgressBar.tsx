/** A labelled progress bar; `value` NaN shows an indeterminate bar. */
export function ProgressBar({ value, label, testId }: { value: number; label: string; testId?: string }) {
  const known = Number.isFinite(value);
  return (
    <div className="progress" data-testid={testId}>
      <div
        className={known ? 'progress-track' : 'progress-track indeterminate'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? Math.round(value * 100) : undefined}
        aria-label={label}
      >
        <div className="progress-fill" style={known ? { transform: `scaleX(${Math.min(1, Math.max(0, value))})` } : undefined} />
      </div>
      <div className="progress-label">{label}</div>
    </div>
  );
}
