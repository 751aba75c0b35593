import { describe, expect, it } from 'vitest';
import { createLatentSkyStore, subscribeToSlices, type LatentSkyState } from '../../src/state/store';

describe('store', () => {
  it('each store made by the factory is its own', () => {
    const a = createLatentSkyStore();
    const b = createLatentSkyStore();
    a.setState({ hoveredId: 'img-1' });
    expect(b.getState().hoveredId).toBeUndefined();
  });

  it('a subscriber to some slices is woken by those, never by a hover, a selection or a camera', () => {
    const store = createLatentSkyStore();
    const seen: LatentSkyState[] = [];
    const stop = subscribeToSlices(
      store,
      (s) => [s.images, s.embeddings],
      (s) => seen.push(s),
    );
    store.setState({ hoveredId: 'img-1' });
    store.setState({ selection: new Set(['img-1']) });
    store.setState({ cameras: { p: [0, 0, 1, 1] } });
    expect(seen).toHaveLength(0);
    store.setState((s) => ({ images: [...s.images] }));
    store.setState({ embeddings: new Map() });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(store.getState());
    stop();
    store.setState({ embeddings: new Map() });
    expect(seen).toHaveLength(2);
  });
});
