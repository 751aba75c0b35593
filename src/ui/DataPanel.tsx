import { useMemo } from 'react';
import { classInfo } from '../state/selectors';
import { useStore } from '../state/store';
import { Legend } from './Legend';
import { ProgressBar } from './ProgressBar';
import { SkippedList } from './SkippedList';

/** What has been loaded: counts, classes, decode progress and every skipped file with its reason. */
export function DataPanel() {
  const images = useStore((s) => s.images);
  const table = useStore((s) => s.labelTable);
  const skipped = useStore((s) => s.skipped);
  const ingest = useStore((s) => s.ingest);
  const classes = useMemo(() => classInfo(images, table), [images, table]);
  const formats = useMemo(() => {
    const c: Record<string, number> = {};
    for (const img of images) c[img.format] = (c[img.format] ?? 0) + 1;
    return Object.entries(c).map(([f, n]) => `${n} ${f.toUpperCase()}`).join(' · ');
  }, [images]);

  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">Images</h2>
      <p className="stat" data-testid="image-count">
        {images.length} loaded{formats && <span className="muted"> ({formats})</span>}
      </p>
      {ingest.done < ingest.queued && (
        <ProgressBar testId="ingest-progress" value={ingest.done / ingest.queued} label={`Decoding ${ingest.done} / ${ingest.queued}`} />
      )}
      {images.length > 0 && <Legend names={classes.names} counts={classes.counts} />}
      {skipped.length > 0 && (
        <SkippedList items={skipped} summary={`${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped`} testId="skipped" itemTestId="skipped-item" />
      )}
    </section>
  );
}
