import { useMemo } from 'react';
import { LINK_HASH_CHARS } from '../linkState';
import { useStoreApi, useStore } from '../../state/store';

/** What an opened permalink still needs from the recipient (its files, local model files), or why it could not be opened. */
export function LinkBanner() {
  const { setState } = useStoreApi();
  const link = useStore((s) => s.link);
  const images = useStore((s) => s.images);
  const present = useMemo(() => {
    if (!link?.files) return 0;
    const mine = new Set(images.map((i) => i.hash.slice(0, LINK_HASH_CHARS)));
    return link.files.hashes.length > 0 ? link.files.hashes.filter((h) => mine.has(h)).length : new Set(images.map((i) => i.hash)).size;
  }, [link, images]);
  if (!link) return null;
  const dismiss = () => setState({ link: undefined });
  if (link.error) {
    return (
      <div className="link-banner error-banner" role="alert" data-testid="link-banner">
        <strong>This link could not be opened:</strong> {link.error}. The app works as usual; start from your own files.
        <button className="small-button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  const files = link.files;
  const complete = !files || present >= files.count;
  if (complete && link.missingModelFiles.length === 0) return null;
  return (
    <div className="link-banner" data-testid="link-banner">
      <strong>Shared analysis.</strong>{' '}
      {files && !complete && (
        <span data-testid="link-files">
          It was made from {files.count} file{files.count === 1 ? '' : 's'} that stay on their owner's computer: drop the same files here; they are matched by
          content, whatever their names. {present} of {files.count} present.
        </span>
      )}{' '}
      {link.missingModelFiles.length > 0 && (
        <span>
          It also uses local model file{link.missingModelFiles.length === 1 ? '' : 's'} <code>{link.missingModelFiles.join(', ')}</code>: drop or open
          {link.missingModelFiles.length === 1 ? ' it' : ' them'} to continue.
        </span>
      )}
      <button className="small-button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
