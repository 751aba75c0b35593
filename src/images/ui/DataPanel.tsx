import { useLabelSources } from '../../state/useLabelSources';
import { useMemo } from 'react';
import { isDemoPath } from '../lib/demoSky';
import { useServices } from '../../shared/ui/services';
import { classInfo } from '../../state/selectors';
import { useStore } from '../../state/store';
import { Legend } from '../../shared/ui/Legend';
import { ManifestForm } from './ManifestForm';
import { ProgressBar } from '../../shared/ui/ProgressBar';
import { SkippedList } from '../../shared/ui/SkippedList';

/** What has been loaded: counts, classes, decode progress and every skipped file with its reason. */
export function DataPanel() {
  const { clearImages } = useServices();
  const images = useStore((s) => s.images);
  const table = useLabelSources();
  const skipped = useStore((s) => s.skipped);
  const ingest = useStore((s) => s.ingest);
  const classes = useMemo(() => classInfo(images, table), [images, table]);
  const formats = useMemo(() => {
    const c: Record<string, number> = {};
    for (const img of images) c[img.format] = (c[img.format] ?? 0) + 1;
    return Object.entries(c)
      .map(([f, n]) => `${n} ${f.toUpperCase()}`)
      .join(' · ');
  }, [images]);

  const demo = images.length > 0 && images.every((img) => isDemoPath(img.path));

  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">Images</h2>
      <p className="stat" data-testid="image-count">
        {images.length} loaded{formats && <span className="muted"> ({formats})</span>}
      </p>
      {demo && (
        <p className="notice small" data-testid="demo-notice">
          <strong>Demo sky — synthetic.</strong> Procedural radio and optical cutouts made in your browser, not real observations. Drop your own files to
          replace them.
        </p>
      )}
      <div className="row">
        {images.length === 0 && <DemoButton />}
        {images.length > 0 && (
          <button className="small-button" onClick={clearImages}>
            Clear images
          </button>
        )}
      </div>
      {ingest.done < ingest.queued && (
        <ProgressBar testId="ingest-progress" value={ingest.done / ingest.queued} label={`Decoding ${ingest.done} / ${ingest.queued}`} />
      )}
      <ManifestForm />
      {images.length > 0 && <Legend names={classes.names} counts={classes.counts} colours={classes.colours} />}
      {skipped.length > 0 && (
        <SkippedList items={skipped} summary={`${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped`} testId="skipped" itemTestId="skipped-item" />
      )}
    </section>
  );
}

/** Loads the synthetic demo sky and the offline default model: the whole app with no network and no files. */
export function DemoButton() {
  const { demo } = useServices();
  return (
    <button
      className="small-button"
      data-testid="load-demo"
      onClick={() => {
        demo.addDefaultModel().catch(() => undefined);
        void demo.loadDemoSky();
      }}
    >
      Load the demo sky (synthetic)
    </button>
  );
}
