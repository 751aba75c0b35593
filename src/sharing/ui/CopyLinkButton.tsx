import { useState } from 'react';
import { useServices } from '../../shared/ui/services';
import { useStore } from '../../state/store';

/** Copies a permalink to everything the user chose (not their files: those are matched by content). */
export function CopyLinkButton() {
  const [copied, setCopied] = useState<string>();
  const { link: links } = useServices();
  const empty = useStore((s) => s.models.length === 0 && s.images.length === 0);
  const copy = async () => {
    const link = await links.currentLink();
    try {
      await navigator.clipboard.writeText(link);
      setCopied(`Link copied (${link.length} characters)`);
    } catch {
      // Clipboard refused (permissions, insecure context): show the link to copy by hand.
      window.prompt('Copy this link:', link);
    }
    setTimeout(() => setCopied(undefined), 2500);
  };
  return (
    <>
      <button onClick={() => void copy()} disabled={empty} title="A link that reopens these models, pipelines, settings and view" data-testid="copy-link">
        Copy link
      </button>
      {copied && (
        <span className="muted small" role="status">
          {copied}
        </span>
      )}
    </>
  );
}
