import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLabelSources } from '../../state/useLabelSources';
import { describePreprocessing } from '../lib/preprocessing';
import { useServices } from '../../shared/ui/services';
import { imageLabel, imageMeta, inputRecipe, inputSize, modelOf } from '../../state/selectors';
import { describeModelInput } from '../../models/lib/inputRecipes';
import type { ModelInputSpec } from '../../models/lib/modelInput';
import { useStoreApi, useStore, type ImageRecord } from '../../state/store';
import type { RgbaImage } from '../../../workers/decode.worker';
import { SideDrawer } from '../../shared/ui/SideDrawer';

function ImageCanvas({ image, caption, testId }: { image?: RgbaImage; caption: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas || !image) return;
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')!.putImageData(new ImageData(image.rgba as ImageDataArray, image.width, image.height), 0, 0);
  }, [image]);
  return (
    <figure className="preview-figure">
      <canvas ref={ref} data-testid={testId} aria-label={caption} />
      <figcaption>
        {caption}
        {image ? ` · ${image.width}×${image.height}` : ''}
      </figcaption>
    </figure>
  );
}

/**
 * One image through one pipeline: the original data (min–max, linear), the default display
 * stretch, and exactly the tensor the model receives (de-normalised), with the steps in words.
 * `imageExtras` shows what other features know about the image (e.g. its sky links) under the title,
 * `belowImage` what they show at the end (e.g. its nearest neighbours per pipeline).
 */
export function PreviewPanel({ imageExtras, belowImage }: { imageExtras?: (image: ImageRecord) => ReactNode; belowImage?: (image: ImageRecord) => ReactNode }) {
  const { setState } = useStoreApi();
  const { previewImage } = useServices();
  const preview = useStore((s) => s.preview);
  // Runs on every store change (a hover included): no scan of the images while nothing is previewed.
  const image = useStore((s) => (preview ? s.images.find((i) => i.id === preview.imageId) : undefined));
  const pipeline = useStore((s) => s.pipelines.find((p) => p.id === preview?.pipelineId));
  const pipelines = useStore((s) => s.pipelines);
  const models = useStore((s) => s.models);
  const model = useStore((s) => (pipeline ? modelOf(s, pipeline) : undefined));
  const table = useLabelSources();
  const [result, setResult] = useState<{ original: RgbaImage; display: RgbaImage; model: RgbaImage }>();
  const [error, setError] = useState<string>();

  const size = pipeline && model ? inputSize(pipeline, model) : undefined;
  // The model input exactly as the embed worker makes it: the pipeline's size and recipe.
  const recipe = pipeline && model ? inputRecipe(pipeline, model) : undefined;
  const spec: ModelInputSpec | undefined =
    model?.info && size ? { size, mean: model.info.input.mean, std: model.info.input.std, ...(recipe && { recipe }) } : undefined;
  useEffect(() => {
    setResult(undefined);
    setError(undefined);
    if (!image || !pipeline || !model?.info || !size) return;
    const making = previewImage(image.hash, pipeline.preprocessing, {
      size,
      mean: model.info.input.mean,
      std: model.info.input.std,
      ...(recipe && { recipe }),
    });
    if (!making) return;
    let live = true;
    making.then(
      (r) => live && setResult(r),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [previewImage, image, pipeline, model, size, recipe]);

  if (!preview || !image || !pipeline) return null;
  const meta = imageMeta(image, table.labelTable);
  const header = image.header ? Object.entries(image.header) : [];
  return (
    <SideDrawer label="Image preview" storageKey="latentSky.previewWidth">
      <section className="preview" data-testid="preview" aria-label={`Preview of ${image.name}`}>
        <header className="preview-head">
          <h3 className="file-name">{image.name}</h3>
          <span>{imageLabel(image, table) ?? 'unlabelled'}</span>
          <span className="muted small">
            {image.format.toUpperCase()} · {image.width}×{image.height}
          </span>
          <span className="spacer" />
          <label className="field inline-select">
            <span>through</span>
            <select
              value={pipeline.id}
              onChange={(e) => setState({ preview: { imageId: image.id, pipelineId: e.target.value } })}
              data-testid="preview-pipeline"
            >
              {pipelines.map((p) => (
                <option key={p.id} value={p.id}>
                  {models.find((m) => m.id === p.modelId)?.request.name} · {describePreprocessing(p.preprocessing).slice(0, 2).join(', ')}
                </option>
              ))}
            </select>
          </label>
          <button className="icon-button" aria-label="Close the preview" title="Close the preview (Esc)" onClick={() => setState({ preview: undefined })}>
            ×
          </button>
        </header>
        {imageExtras?.(image)}
        <div className="preview-body">
          <ImageCanvas image={result?.original} caption="Original (min–max, linear)" testId="preview-original" />
          <ImageCanvas image={result?.display} caption="Display stretch" testId="preview-display" />
          <ImageCanvas image={result?.model} caption="Model input (de-normalised)" testId="preview-model" />
          <div className="preview-steps">
            <h4 className="subhead">Pipeline steps</h4>
            <ol data-testid="preview-steps">
              {/* The preprocessing's last step names the model's resize; the model-input steps below spell it out. */}
              {describePreprocessing(pipeline.preprocessing)
                .slice(0, spec ? -1 : undefined)
                .map((step) => (
                  <li key={step}>{step}</li>
                ))}
              {spec &&
                describeModelInput(spec).map((step) => (
                  <li key={step} data-testid="preview-model-step">
                    {step}
                  </li>
                ))}
            </ol>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {Object.keys(meta).length > 0 && (
              <dl className="meta">
                {Object.entries(meta).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            )}
            {header.length > 0 && (
              <details data-testid="header-viewer">
                <summary>
                  FITS header ({header.length} keywords)
                  {typeof image.header?.ZCMPTYPE === 'string' && <span data-testid="header-compression"> · tile-compressed, {image.header.ZCMPTYPE}</span>}
                </summary>
                <table className="header-table">
                  <tbody>
                    {header.map(([k, v]) => (
                      <tr key={k}>
                        <th>{k}</th>
                        <td>{String(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            )}
          </div>
        </div>
        {belowImage?.(image)}
      </section>
    </SideDrawer>
  );
}
