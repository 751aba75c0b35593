import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api';
import { firstVisit } from './pipeline/demo';
import { linkFromLocation, openLink, startUrlSync } from './pipeline/permalink';
import { startCompareScheduler } from './pipeline/compareScheduler';
import { startProbeScheduler } from './pipeline/probeScheduler';
import { startScheduler } from './pipeline/scheduler';
import { useStore } from './state/store';
import { App } from './ui/App';
import './ui/styles.css';

window.latentSky = api;
// `npm run bench` drives the store directly (synthetic 4 × 50k layouts need no model); only with ?bench.
if (new URLSearchParams(location.search).has('bench')) Object.assign(window, { __latentSkyStore: useStore });
startScheduler();
startProbeScheduler();
startCompareScheduler();
const link = linkFromLocation();
// A shared link rebuilds its analysis; otherwise a first visit shows the demo. The URL follows the user's choices after that.
void (link ? openLink(link) : Promise.resolve(firstVisit())).finally(startUrlSync);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
