import { useEffect, useRef, useState } from 'react';

/** Side of one thumbnail in the atlas, in pixels: enough for the largest size drawn (thumbnailMode.ts). */
export const ATLAS_CELL = 72;
/** Decoded thumbnails kept for the next atlas (a pan mostly shows the same ones again): 2048 × 20 kB. */
const KEEP = 2048;
/** Wait this long after the view last changed, so a zoom or a pan builds one atlas, not one per frame. */
const SETTLE_MS = 120;

export interface ThumbnailAtlas {
  /** The thumbnails side by side, for deck.gl's IconLayer. */
  image: HTMLCanvasElement;
  /** Where each thumbnail (by URL) lies in the image. */
  mapping: Record<string, { x: number; y: number; width: number; height: number }>;
}

const decode = (url: string) =>
  fetch(url)
    .then((r) => r.blob())
    .then((blob) => createImageBitmap(blob, { resizeWidth: ATLAS_CELL, resizeHeight: ATLAS_CELL, resizeQuality: 'medium' }));

/**
 * A texture atlas of the thumbnails at `urls` (the points in view), rebuilt once the view settles.
 * Decoded thumbnails are kept for the next build; one that fails to load (e.g. its image was removed)
 * is left out, and its point stays a dot.
 */
export function useThumbnailAtlas(urls: readonly string[]): ThumbnailAtlas | undefined {
  const bitmaps = useRef(new Map<string, ImageBitmap>());
  const [atlas, setAtlas] = useState<ThumbnailAtlas>();
  const key = urls.join('\n');
  useEffect(() => {
    if (urls.length === 0) return;
    let stale = false;
    const timer = setTimeout(async () => {
      const cache = bitmaps.current;
      const loaded = await Promise.all(
        urls.map(async (url) => {
          const bitmap = cache.get(url) ?? (await decode(url).catch(() => undefined));
          if (bitmap) {
            cache.delete(url); // most recently used last
            cache.set(url, bitmap);
          }
          return bitmap;
        }),
      );
      for (const [url, bitmap] of cache) {
        if (cache.size <= KEEP) break;
        bitmap.close();
        cache.delete(url);
      }
      if (stale) return;
      const columns = Math.ceil(Math.sqrt(urls.length));
      const image = document.createElement('canvas');
      image.width = columns * ATLAS_CELL;
      image.height = Math.ceil(urls.length / columns) * ATLAS_CELL;
      const ctx = image.getContext('2d')!;
      const mapping: ThumbnailAtlas['mapping'] = {};
      urls.forEach((url, k) => {
        const bitmap = loaded[k];
        if (!bitmap || mapping[url]) return;
        const x = (k % columns) * ATLAS_CELL,
          y = Math.floor(k / columns) * ATLAS_CELL;
        ctx.drawImage(bitmap, x, y);
        mapping[url] = { x, y, width: ATLAS_CELL, height: ATLAS_CELL };
      });
      setAtlas({ image, mapping });
    }, SETTLE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // `key` stands for `urls`, whose identity changes on every render.
  }, [key]);
  return atlas;
}
