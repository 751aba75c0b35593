import { alignLayout } from '../projection/lib/procrustes';
import type { LatentSkyState, Projection } from './store';

/**
 * A selector of one pipeline's layout as its panel shows it: its own, or rotated/scaled onto the
 * `alignTo` panel's layout (Procrustes, fitted on the images both show). Memoised on the two
 * layouts' identities, so a hover or a selection neither refits the alignment nor hands the panel
 * new coordinates (which deck.gl would upload again). One selector per consumer: its cache is its own.
 */
export function shownProjectionSelector(pipelineId: string): (s: LatentSkyState) => Projection | undefined {
  let last: { own?: Projection; reference?: Projection; shown?: Projection } = {};
  return (s) => {
    const own = s.projections[pipelineId];
    const reference = s.alignTo && s.alignTo !== pipelineId ? s.projections[s.alignTo] : undefined;
    if (own !== last.own || reference !== last.reference) {
      const shown = own && reference ? { ...own, coords: alignLayout(own, reference) } : own;
      last = { own, reference, shown };
    }
    return last.shown;
  };
}

/**
 * What a panel's framing is relative to: its finished layout and, when aligned, the finished layout
 * it is aligned onto. Undefined while either is still being computed (the panel then fits all points).
 */
export function layoutBasis(s: LatentSkyState, pipelineId: string): string | undefined {
  const finished = (p?: Projection) => !!p && !p.partial;
  const own = s.projections[pipelineId];
  const aligned = !!s.alignTo && s.alignTo !== pipelineId;
  const reference = aligned ? s.projections[s.alignTo!] : undefined;
  return finished(own) && (!aligned || finished(reference)) ? `${own.key}|${aligned ? reference!.key : ''}` : undefined;
}
