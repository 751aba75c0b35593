/**
 * A link asks before it fetches. What a permalink or a manifest URL names on another website
 * (model weights, a manifest, images) is downloaded only after the user said yes, once for all
 * the hosts of one question; hosts this app trusts (its own origin, the configured model hub) and
 * hosts already approved in this page session are not asked about again. What the user declines
 * is remembered, so it can be loaded later with one click. Models and manifests the user adds
 * themselves never come through here.
 */
import { foreignHosts, type HostRequest, type LinkFetch } from './lib/linkHosts';
import type { LatentSkyStoreApi } from '../state/store';

export interface ConsentDeps {
  store: Pick<LatentSkyStoreApi, 'getState' | 'setState'>;
  /** This app's own origin: never asked about (the configured model hub is trusted too). */
  origin: string;
}

export type Consent = ReturnType<typeof createConsent>;

export function createConsent({ store, origin }: ConsentDeps) {
  const { setState } = store;
  /** Hosts the user said yes to, for this page session. */
  const approved = new Set<string>();
  /** Questions wait for each other: only one is shown at a time. */
  let queue: Promise<unknown> = Promise.resolve();
  let answer: ((load: boolean) => void) | undefined;
  /** What was declined, with how to fetch it after all. */
  let declined: { fetches: LinkFetch[]; load: () => void }[] = [];

  const trusted = () => ({ origin, hub: store.getState().hubEndpoint });

  /** The hosts among `fetches` the user would have to approve first (empty: fetch away). */
  const needsConsent = (fetches: readonly LinkFetch[]): HostRequest[] => foreignHosts(fetches, trusted(), approved);

  /** True when `fetch` may go ahead now: its host is trusted or approved. */
  const mayFetch = (fetch: LinkFetch): boolean => needsConsent([fetch]).length === 0;

  async function ask(fetches: readonly LinkFetch[]): Promise<boolean> {
    const hosts = needsConsent(fetches);
    if (hosts.length === 0) return true;
    const load = await new Promise<boolean>((resolve) => {
      answer = resolve;
      setState((s) => ({ consent: { ...s.consent, ask: hosts } }));
    });
    answer = undefined;
    if (load) for (const h of hosts) approved.add(h.host);
    setState((s) => ({ consent: { ...s.consent, ask: undefined } }));
    return load;
  }

  function showDeclined(): void {
    const hosts = foreignHosts(
      declined.flatMap((d) => d.fetches),
      trusted(),
      approved,
    );
    setState((s) => ({ consent: { ...s.consent, declined: hosts.length > 0 ? hosts : undefined } }));
  }

  return {
    needsConsent,
    mayFetch,
    /**
     * Asks once whether the link may fetch from the hosts among `fetches` that are not trusted or
     * approved yet, and resolves with the answer (true at once when there is nothing to ask). A yes
     * approves every host of the question for the rest of the session.
     */
    askToFetch(fetches: readonly LinkFetch[]): Promise<boolean> {
      const result = queue.then(() => ask(fetches));
      queue = result.catch(() => undefined);
      return result;
    },
    /** The user's answer to the open question (Load / Don't load). */
    answer(load: boolean): void {
      answer?.(load);
    },
    /** Remembers something the user declined to fetch; `load` fetches it if they change their mind. */
    rememberDeclined(fetches: LinkFetch[], load: () => void): void {
      declined.push({ fetches, load });
      showDeclined();
    },
    /** The user changed their mind: approve the declined hosts and fetch what they serve. */
    loadDeclined(): void {
      const now = declined;
      declined = [];
      for (const h of needsConsent(now.flatMap((d) => d.fetches))) approved.add(h.host);
      showDeclined();
      for (const d of now) d.load();
    },
    /** Hides the note about what was declined (it stays unloaded). */
    dismissDeclined(): void {
      declined = [];
      showDeclined();
    },
  };
}
