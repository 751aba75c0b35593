import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from '../api';
import { firstVisit } from '../images/demo';
import { loadManifest } from '../images/manifestLoader';
import { linkFromLocation, openLink, startUrlSync } from '../sharing/permalink';
import { comparisonKeyOf } from '../compare/compareController';
import { clusterKeyOf } from '../clusters/clusterController';
import { probeKeyOf } from '../probe/probeController';
import { projectionKeyOf } from '../projection/projectionController';
import { ServicesContext } from '../shared/ui/services';
import { pipelineKey } from '../state/selectors';
import { useStore } from '../state/store';
import { App } from './App';
import { appServices } from './appServices';
import { createLabelPersistence } from '../labelling/labelPersistence';
import { idbLabelStorage } from '../labelling/labelStorage';
import './styles.css';

// `npm run bench` drives the store directly (synthetic 4 × 50k layouts need no model), with the keys
// that make its synthetic results look finished to every scheduler; only with ?bench.
if (new URLSearchParams(location.search).has('bench')) {
  Object.assign(window, { __latentSkyStore: useStore, __latentSkyKeys: { pipelineKey, projectionKeyOf, probeKeyOf, comparisonKeyOf, clusterKeyOf } });
}
const services = appServices;
window.latentSky = createApi(services);
services.start();
// The labels made in this browser come back after a reload (IndexedDB), and every change is kept.
void createLabelPersistence({ store: useStore, storage: idbLabelStorage() }).start();
const link = linkFromLocation();
const manifest = new URLSearchParams(location.search).get('manifest');
const dataset = new URLSearchParams(location.search).get('dataset');
// A shared link rebuilds its analysis, ?manifest= loads a remote dataset, ?dataset= opens a dataset
// file (latent-sky's Parquet); otherwise a first visit shows the demo. The URL follows the user's choices after that.
const opening = link
  ? openLink(link)
  : manifest
    ? loadManifest(manifest, { fromLink: true })
    : dataset
      ? services.datasets.openUrl(dataset, { fromLink: true })
      : Promise.resolve(firstVisit());
void opening.finally(startUrlSync);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
