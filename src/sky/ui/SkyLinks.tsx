import { formatSky } from '../../shared/lib/formatSky';
import { imageSky } from '../../state/selectors';
import { useStore, type ImageRecord } from '../../state/store';
import { skyLinks } from '../lib/skyLinks';

/**
 * An image's sky position with links to look it up elsewhere (Legacy Survey, Aladin Lite, SIMBAD,
 * NED). Only links: the user opens them in a new tab; the app fetches nothing from those sites.
 */
export function SkyLinks({ image }: { image: ImageRecord }) {
  const sky = imageSky(
    image,
    useStore((s) => s.labelTable),
  );
  if (!sky) return null;
  return (
    <div className="sky-links" data-testid="sky-links">
      <span className="muted small" title={image.sky ? 'From the FITS WCS (centre of the cutout)' : 'From the RA/Dec columns of the labels CSV or manifest'}>
        RA, Dec {formatSky(sky)} ({sky.ra.toFixed(4)}°, {sky.dec.toFixed(4)}°)
      </span>
      <span className="sky-link-list">
        {skyLinks(sky).map((l) => (
          <a key={l.name} href={l.url} target="_blank" rel="noopener noreferrer" title={`${l.what} (opens a new tab)`} data-testid="sky-link">
            {l.name} ↗
          </a>
        ))}
      </span>
    </div>
  );
}
