import { IconLayer, type IconLayerProps } from '@deck.gl/layers';
import { DIMMED_ALPHA } from '../lib/selectionMask';
import type { ThumbnailAtlas } from './useThumbnailAtlas';

/** The id of the layer of thumbnails: a pick on it is a pick of the point it shows. */
export const THUMBNAILS_LAYER_ID = 'thumbnails';
/** Width of the frame around each thumbnail, in the point's colour, in pixels. */
const FRAME_PX = 3;

/** A white square for the frames, tinted per point (a mask icon). */
export function squareAtlas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 4;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 4, 4);
  return canvas;
}
/**
 * deck.gl turns an image (here a canvas) given as `iconAtlas` into a texture (its 'image' prop type);
 * the prop's TypeScript type names only a URL or a texture.
 */
const asAtlas = (image: HTMLCanvasElement) => image as unknown as IconLayerProps['iconAtlas'];
const SQUARE_MAPPING = { square: { x: 0, y: 0, width: 4, height: 4, mask: true } };

export interface ThumbnailLayersInput {
  /** Points to draw as thumbnails (indices into coords), each in the atlas. */
  indices: readonly number[];
  coords: Float32Array;
  /** RGBA per point as drawn (selection dimming included): the frame's colour and the thumbnail's opacity. */
  colours: Uint8Array;
  /** Thumbnail URL per point. */
  urls: readonly string[];
  atlas: ThumbnailAtlas;
  /** Side of a thumbnail on screen, in pixels. */
  size: number;
}

/**
 * Points as their cutouts: each thumbnail framed in its point's colour (its class, when coloured
 * by class), both drawn by deck.gl from one texture atlas. A function of its input; the frame's
 * square is made once per view (`square`).
 */
export function thumbnailLayers({ indices, coords, colours, urls, atlas, size }: ThumbnailLayersInput, square: HTMLCanvasElement) {
  const data = indices;
  const position = (i: number): [number, number] => [coords[2 * i], coords[2 * i + 1]];
  return [
    new IconLayer<number>({
      id: 'thumbnail-frames',
      data,
      iconAtlas: asAtlas(square),
      iconMapping: SQUARE_MAPPING,
      getIcon: () => 'square',
      getPosition: position,
      getSize: size + 2 * FRAME_PX,
      sizeUnits: 'pixels',
      getColor: (i) => [colours[4 * i], colours[4 * i + 1], colours[4 * i + 2], colours[4 * i + 3]],
      updateTriggers: { getPosition: coords, getColor: colours },
    }),
    new IconLayer<number>({
      id: THUMBNAILS_LAYER_ID,
      data,
      iconAtlas: asAtlas(atlas.image),
      iconMapping: atlas.mapping,
      getIcon: (i) => urls[i],
      getPosition: position,
      getSize: size,
      sizeUnits: 'pixels',
      // A non-mask icon takes only the alpha: opaque, or faded outside a selection like its dot.
      getColor: (i) => [255, 255, 255, colours[4 * i + 3] <= DIMMED_ALPHA ? 80 : 255],
      pickable: true,
      updateTriggers: { getPosition: coords, getColor: colours, getIcon: urls },
    }),
  ];
}
