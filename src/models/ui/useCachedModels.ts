import { useEffect, useState } from 'react';
import type { CachedModel } from '../modelCache';
import { useServices } from '../../shared/ui/services';
import { useStore } from '../../state/store';

/** The cached model files, re-read whenever a model finishes loading or the cache is changed. */
export function useCachedModels(): [CachedModel[], () => void] {
  const readyCount = useStore((s) => s.models.filter((m) => m.status === 'ready').length);
  const { modelCache } = useServices();
  const [cached, setCached] = useState<CachedModel[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    modelCache.listCachedModels().then(
      (list) => live && setCached(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [modelCache, readyCount, version]);
  return [cached, () => setVersion((v) => v + 1)];
}
