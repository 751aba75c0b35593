import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../api';
import { DEFAULT_BUDGET } from '../embeddings/lib/datasetFile';
import { linkFromLocation } from '../sharing/permalink';
import { comparisonKeyOf } from '../compare/compareController';
import { clusterKeyOf } from '../clusters/clusterController';
import { probeKeyOf } from '../probe/probeController';
import { projectionKeyOf } from '../projection/projectionController';
import { ServicesContext } from '../shared/ui/services';
import { pipelineKey } from '../state/selectors';
import { createLatentSkyStore, StoreContext } from '../state/store';
import { App } from './App';
import { createAppServices } from './services';
import './styles.css';

// The app's one store and one set of controllers; the React tree reaches both through context.
const store = createLatentSkyStore();
const bench = new URLSearchParams(location.search).has('bench');
// Test-only knob, honoured only with ?bench: `&datasetDetailRows=N` lowers the 250,000 rows above which
// an opened dataset's embedding is held for a sample only, so the e2e test exercises that path on ≤ 10k points.
const detailRows = bench ? Number(new URLSearchParams(location.search).get('datasetDetailRows')) : 0;
const services = createAppServices(store, detailRows > 0 ? { datasetBudget: { ...DEFAULT_BUDGET, maxRowsWithDetail: detailRows } } : {});
// `npm run bench` drives the store directly (synthetic 4 × 50k layouts need no model), with the keys
// that make its synthetic results look finished to every scheduler; only with ?bench.
if (bench) {
  Object.assign(window, { __latentSkyStore: store, __latentSkyKeys: { pipelineKey, projectionKeyOf, probeKeyOf, comparisonKeyOf, clusterKeyOf } });
}
window.latentSky = createApi(services, store);
services.start();
const link = linkFromLocation();
const manifest = new URLSearchParams(location.search).get('manifest');
const dataset = new URLSearchParams(location.search).get('dataset');
// A shared link rebuilds its analysis, ?manifest= loads a remote dataset, ?dataset= opens a dataset
// file (latent-sky's Parquet); otherwise a first visit shows the demo (not in the benchmark, which
// sets up its own state). The URL follows the user's choices after that.
const opening = link
  ? services.link.open(link)
  : manifest
    ? services.manifestLoader.loadManifest(manifest, { fromLink: true })
    : dataset
      ? services.datasets.openUrl(dataset, { fromLink: true })
      : Promise.resolve(bench ? undefined : services.demo.firstVisit());
void opening.finally(services.link.startUrlSync);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={services}>
        <App />
      </ServicesContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
