import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api';
import { startCompareScheduler } from './pipeline/compareScheduler';
import { startProbeScheduler } from './pipeline/probeScheduler';
import { startScheduler } from './pipeline/scheduler';
import { App } from './ui/App';
import './ui/styles.css';

window.latentSky = api;
startScheduler();
startProbeScheduler();
startCompareScheduler();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
