/**
 * A link asks before it fetches. What a permalink or a manifest URL names on another website
 * (model weights, a manifest, images) is downloaded only after the user said yes, once for all
 * the hosts of one question; hosts this app trusts (its own origin, the configured model hub) and
 * hosts already approved in this page session are not asked about again. What the user declines
 * is remembered, so it can be loaded later with one click. Models and manifests the user adds
 * themselves never come through here.
 */
import { foreignHosts, type HostRequest, type LinkFetch } from './lib/linkHosts';
import { getState, setState } from '../state/store';

/** Hosts the user said yes to, for this page session. */
const approved = new Set<string>();
/** Questions wait for each other: only one is shown at a time. */
let queue: Promise<unknown> = Promise.resolve();
let answer: ((load: boolean) => void) | undefined;
/** What was declined, with how to fetch it after all. */
let declined: { fetches: LinkFetch[]; load: () => void }[] = [];

const trusted = () => ({ origin: location.origin, hub: getState().hubEndpoint });

/** The hosts among `fetches` the user would have to approve first (empty: fetch away). */
export const needsConsent = (fetches: readonly LinkFetch[]): HostRequest[] => foreignHosts(fetches, trusted(), approved);

/** True when `fetch` may go ahead now: its host is trusted or approved. */
export const mayFetch = (fetch: LinkFetch): boolean => needsConsent([fetch]).length === 0;

/**
 * Asks once whether the link may fetch from the hosts among `fetches` that are not trusted or
 * approved yet, and resolves with the answer (true at once when there is nothing to ask). A yes
 * approves every host of the question for the rest of the session.
 */
export function askToFetch(fetches: readonly LinkFetch[]): Promise<boolean> {
  const result = queue.then(() => ask(fetches));
  queue = result.catch(() => undefined);
  return result;
}

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

/** The user's answer to the open question (Load / Don't load). */
export function answerConsent(load: boolean): void {
  answer?.(load);
}

/** Remembers something the user declined to fetch; `load` fetches it if they change their mind. */
export function rememberDeclined(fetches: LinkFetch[], load: () => void): void {
  declined.push({ fetches, load });
  showDeclined();
}

function showDeclined(): void {
  const hosts = foreignHosts(
    declined.flatMap((d) => d.fetches),
    trusted(),
    approved,
  );
  setState((s) => ({ consent: { ...s.consent, declined: hosts.length > 0 ? hosts : undefined } }));
}

/** The user changed their mind: approve the declined hosts and fetch what they serve. */
export function loadDeclined(): void {
  const now = declined;
  declined = [];
  for (const h of needsConsent(now.flatMap((d) => d.fetches))) approved.add(h.host);
  showDeclined();
  for (const d of now) d.load();
}

/** Hides the note about what was declined (it stays unloaded). */
export function dismissDeclined(): void {
  declined = [];
  showDeclined();
}
