import type { KeyboardEvent } from 'react';
import { consentQuestion, describeFetches, type HostRequest } from '../lib/linkHosts';
import { useServices } from '../../shared/ui/services';
import { useStore } from '../../state/store';

/**
 * A link that names other websites asks before anything is fetched from them (Load / Don't load),
 * and afterwards says what was not loaded, with a way to load it after all. Host names and
 * everything else the link carries are rendered as text.
 */
export function ConsentBanner() {
  const consent = useStore((s) => s.consent);
  if (consent?.ask) return <ConsentQuestion hosts={consent.ask} />;
  if (consent?.declined) return <DeclinedNote hosts={consent.declined} />;
  return null;
}

function HostList({ hosts }: { hosts: HostRequest[] }) {
  return (
    <ul className="consent-hosts">
      {hosts.map((h) => (
        <li key={h.host} data-testid="consent-host">
          <code className="consent-host-name">{h.host}</code> <span className="muted">{describeFetches(h.fetches)}</span>
        </li>
      ))}
    </ul>
  );
}

function ConsentQuestion({ hosts }: { hosts: HostRequest[] }) {
  const { consent } = useServices();
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') consent.answer(false);
  };
  const sites = hosts.length === 1 ? 'this site' : 'these sites';
  return (
    <div
      className="link-banner consent-banner"
      role="alertdialog"
      aria-labelledby="consent-title"
      aria-describedby="consent-body"
      data-testid="consent-dialog"
      onKeyDown={onKeyDown}
    >
      <div className="consent-text">
        <strong id="consent-title" data-testid="consent-question">
          {consentQuestion(hosts)}
        </strong>
        <div id="consent-body">
          <HostList hosts={hosts} />
          <p className="muted small">
            Nothing has been downloaded from {sites} yet. Load only what you expected from whoever sent you the link. The rest of the link — settings, models
            from this app or the model hub — applies either way.
          </p>
        </div>
      </div>
      <div className="consent-actions">
        <button className="primary" onClick={() => consent.answer(true)} data-testid="consent-load">
          Load
        </button>
        {/* The safe choice has the focus: Enter or Esc on arrival loads nothing. */}
        <button onClick={() => consent.answer(false)} data-testid="consent-decline" autoFocus>
          Don't load
        </button>
      </div>
    </div>
  );
}

function DeclinedNote({ hosts }: { hosts: HostRequest[] }) {
  const { consent } = useServices();
  return (
    <div className="link-banner consent-banner" role="status" data-testid="consent-declined">
      <div className="consent-text">
        <strong>Not loaded from other sites, as you chose:</strong>
        <HostList hosts={hosts} />
      </div>
      <div className="consent-actions">
        <button className="small-button" onClick={consent.loadDeclined} data-testid="consent-load-later">
          Load now
        </button>
        <button className="small-button" onClick={consent.dismissDeclined}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
