import { useStore } from '../../state/store';

/**
 * "On a seeded sample of 100,000 of 1,000,000 rows": where an opened dataset's embedding is held
 * for a sample only (src/embeddings/datasetOpener.ts), every result computed from the embedding
 * (probe, metrics, computed neighbours) says so next to it.
 */
export function SampleNote({ what }: { what: string }) {
  const sample = useStore((s) => s.dataset?.sample);
  if (!sample) return null;
  return (
    <span className="muted small" data-testid="sample-note">
      {what} on a seeded sample of {sample.rows.toLocaleString('en')} of {sample.total.toLocaleString('en')} rows (the tab does not hold every row&apos;s
      embedding)
    </span>
  );
}
