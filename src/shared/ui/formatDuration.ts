/** A rough remaining time for a progress label: "~40 s", "~3 min", "~1 h 20 min". */
export function formatRemaining(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `~${Math.max(1, Math.round(seconds / 5) * 5)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `~${minutes} min`;
  const rest = minutes % 60;
  return `~${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** " · ~10 s left" for a run of `done` of `total` items at `perSecond`; empty until the rate is known. */
export const timeLeft = (done: number, total: number, perSecond: number): string =>
  perSecond > 0 ? ` · ${formatRemaining((total - done) / perSecond)} left` : '';
