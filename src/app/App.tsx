import { useStore } from '../state/store';
import { CompareTable } from '../compare/ui/CompareTable';
import { ClusterSettings } from '../clusters/ui/ClusterSettings';
import { InvariancePanel } from '../compare/ui/InvariancePanel';
import { ConsentBanner } from '../sharing/ui/ConsentBanner';
import { DataPanel } from '../images/ui/DataPanel';
import { DropZone } from '../images/ui/DropZone';
import { DemoButton } from '../images/ui/DataPanel';
import { CopyLinkButton } from '../sharing/ui/CopyLinkButton';
import { ExportMenu } from '../export/ui/ExportMenu';
import { FilePickers } from '../images/ui/FilePickers';
import { useServices } from '../shared/ui/services';
import { DatasetPanel } from '../embeddings/ui/DatasetPanel';
import { LabelBar } from '../labelling/ui/LabelBar';
import { LabelQueues } from '../labelling/ui/LabelQueues';
import { LinkBanner } from '../sharing/ui/LinkBanner';
import { StoragePanel } from '../embeddings/ui/StoragePanel';
import { StorageNotice } from '../embeddings/ui/StorageNotice';
import { ModelsPanel } from '../models/ui/ModelsPanel';
import { ImportEmbeddings } from '../embeddings/ui/ImportEmbeddings';
import { PreprocessingEditor } from '../preprocessing/ui/PreprocessingEditor';
import { NeighbourRows } from '../compare/ui/NeighbourRows';
import { PreviewPanel } from '../preprocessing/ui/PreviewPanel';
import { ProbePanel } from '../probe/ui/ProbePanel';
import { ProjectionSettings } from '../projection/ui/ProjectionSettings';
import { PipelinePanel } from './PipelinePanel';
import { SelectionBar } from '../projection/ui/SelectionBar';
import { SkyPanel } from '../projection/ui/SkyPanel';
import { SkyLinks } from '../sky/ui/SkyLinks';
import { QueryPanel } from '../query/ui/QueryPanel';
import { useEscapeKey } from '../shared/ui/useEscapeKey';

export function App() {
  const services = useServices();
  const { openFiles } = services;
  const models = useStore((s) => s.models);
  // A model that failed to load has nothing to plot; its card says why.
  const pipelines = useStore((s) => s.pipelines).filter((p) => models.find((m) => m.id === p.modelId)?.status !== 'error');
  const hasImages = useStore((s) => s.images.length > 0);
  useEscapeKey();
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ✦
          </span>
          <h1>Latent Sky</h1>
          <span className="tagline">Which vision model understands your galaxies?</span>
        </div>
        <div className="row">
          <ExportMenu />
          <CopyLinkButton />
          <FilePickers onFiles={openFiles} />
        </div>
      </header>
      <aside className="sidebar">
        <DataPanel />
        <DatasetPanel onOpen={(file) => void services.datasets.openFile(file)} onCancel={() => services.datasets.cancel()} />
        <LabelQueues />
        <ModelsPanel preprocessingEditor={PreprocessingEditor}>
          <ImportEmbeddings />
        </ModelsPanel>
        <ProjectionSettings />
        <ClusterSettings />
        <StoragePanel />
        <p className="privacy muted small">Everything runs in this browser tab. Your images never leave your computer.</p>
      </aside>
      <main className="main">
        <ConsentBanner />
        <LinkBanner />
        <StorageNotice />
        <SelectionBar />
        <LabelBar />
        <div className="workspace">
          <div className="panels" data-count={pipelines.length}>
            {pipelines.length === 0 || !hasImages ? (
              <div className="empty">
                <h2>{hasImages ? 'Now add a model' : 'Drop your cutouts anywhere on this page'}</h2>
                <ol>
                  <li className={hasImages ? 'done' : ''}>
                    Images: FITS (<code>.fits</code>, <code>.fit</code>, <code>.fts</code>, <code>.fits.gz</code>, <code>.fits.bz2</code>, tile-compressed{' '}
                    <code>.fits.fz</code>), PNG or JPEG. Drop a folder and its subfolder names become the classes, or add a CSV with <code>filename,label</code>{' '}
                    columns.
                  </li>
                  <li className={pipelines.length ? 'done' : ''}>
                    A model: one from the model zoo, or your own ONNX backbone from a URL or a local file (left).
                  </li>
                  <li>Each model's embeddings are projected with UMAP and coloured by class. Hover a point to see the cutout.</li>
                </ol>
                {!hasImages && (
                  <p>
                    No data at hand? <DemoButton /> — 192 procedural radio and optical cutouts, embedded by the offline MobileNetV2.
                  </p>
                )}
              </div>
            ) : (
              <>
                {pipelines.map((p) => (
                  <PipelinePanel key={p.id} pipeline={p} />
                ))}
                <SkyPanel />
              </>
            )}
          </div>
          {hasImages && pipelines.length > 0 && <QueryPanel />}
          {hasImages && pipelines.length > 0 && <CompareTable />}
          {hasImages && pipelines.length > 0 && <InvariancePanel />}
          {hasImages && pipelines.length > 0 && <ProbePanel />}
        </div>
      </main>
      <PreviewPanel imageExtras={(image) => <SkyLinks image={image} />} belowImage={(image) => <NeighbourRows image={image} />} />
      <DropZone onFiles={openFiles} />
    </div>
  );
}
