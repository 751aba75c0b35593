import { DEFAULT_MODEL_ID } from '../../models/registry';
import { makeDemoSky } from './lib/demoSky';
import { getState } from '../state/store';
import { ingestFiles } from './ingest';
import { addModel } from '../models/models';

const VISITED = 'latentSky.visited';

/** Loads the synthetic demo sky through the normal file path (FITS reader, stretch, pipelines). */
export async function loadDemoSky(): Promise<void> {
  const files = makeDemoSky().map(({ path, bytes }) => ({ file: new File([bytes as BlobPart], path.split('/').pop()!, { type: 'application/fits' }), path }));
  await ingestFiles(files, 'demo');
}

/** Adds the offline default model (real ImageNet weights served by the app itself) unless it is there. */
export async function addDefaultModel(): Promise<void> {
  if (getState().models.some((m) => m.request.registryId === DEFAULT_MODEL_ID)) return;
  await addModel({ registry: DEFAULT_MODEL_ID, backend: 'wasm' });
}

/**
 * The first visit shows the app doing its job with no network and no files: the default model
 * embeds the demo sky and the projection appears. Later visits start empty.
 */
export function firstVisit(): void {
  if (new URLSearchParams(location.search).has('bench')) return; // the benchmark sets up its own state
  let first = false;
  try {
    first = localStorage.getItem(VISITED) === null;
    localStorage.setItem(VISITED, new Date().toISOString());
  } catch {
    // Storage blocked (private mode): treat as a returning visitor rather than fail.
  }
  if (!first) return;
  addDefaultModel().catch(() => undefined); // a failure shows on the model's card
  void loadDemoSky();
}
