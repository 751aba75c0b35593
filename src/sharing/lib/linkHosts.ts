/**
 * Which other websites a shared link would make this browser fetch from. A permalink or a
 * manifest URL can name models, a manifest and images on any host; before anything is fetched
 * from a host that is neither this app's own origin nor the configured model hub, the user is
 * asked (src/sharing/consent.ts). This module only decides *what* to ask about: pure, no DOM.
 *
 * Hosts are compared as `URL.host` (hostname and port, lower case, internationalised names in
 * their punycode form, so a look-alike name is shown as what it really is).
 */
import { DEFAULT_MODEL_ID } from '../../../models/registry';
import type { AppStateV1 } from './linkCodec';

/** One thing a link would download. `name` is what the user recognises (a model's name, an image's file name). */
export interface LinkFetch {
  kind: 'model' | 'manifest' | 'dataset' | 'image';
  url: string;
  name: string;
}

/** A host the user has not approved, and everything the link would fetch from it. */
export interface HostRequest {
  host: string;
  fetches: LinkFetch[];
}

/** Where this app may fetch from without asking: its own origin and the model hub it is configured with. */
export interface TrustedPlaces {
  /** This app's origin (`location.origin`). */
  origin: string;
  /** The model hub's endpoint (`hubEndpoint` in the store). */
  hub: string;
}

/** The host of an absolute http(s) URL; undefined for anything else (nothing else is ever fetched). */
export function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL opening a link would fetch a model's weights from, or undefined when this app resolves
 * the model itself (the bundled default model, a zoo model without a recorded file, a local file,
 * the pixel baseline). A zoo model keeps the exact file the link was made with.
 */
export function linkModelUrl(model: AppStateV1['models'][number]): string | undefined {
  if (model.source.kind !== 'url') return undefined;
  if (model.registry?.id === DEFAULT_MODEL_ID) return undefined;
  return model.source.url;
}

/** Everything a decoded permalink would download by naming it: model weights, and the manifest of a remote dataset. */
export function linkFetches(state: AppStateV1): LinkFetch[] {
  const fetches: LinkFetch[] = [];
  for (const m of state.models) {
    const url = linkModelUrl(m);
    if (url) fetches.push({ kind: 'model', url, name: m.name || url });
  }
  if (state.dataset.kind === 'manifest') fetches.push({ kind: 'manifest', url: state.dataset.url, name: lastSegment(state.dataset.url) });
  return fetches;
}

/** The file name at the end of a URL's path, for display ("manifest.json"). */
export function lastSegment(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).pop();
    return segment ? decodeURIComponent(segment) : url;
  } catch {
    return url;
  }
}

/**
 * The fetches that need the user's consent, grouped by host in the order the link names them:
 * those on a host that is not this app's origin, not the hub and not already approved.
 * A URL that is not http(s) is left out: the fetchers refuse it anyway.
 */
export function foreignHosts(fetches: readonly LinkFetch[], trusted: TrustedPlaces, approved: Iterable<string> = []): HostRequest[] {
  const skip = new Set([...approved].map((h) => h.toLowerCase()));
  for (const place of [trusted.origin, trusted.hub]) {
    const host = hostOf(place);
    if (host) skip.add(host);
  }
  const byHost = new Map<string, LinkFetch[]>();
  for (const f of fetches) {
    const host = hostOf(f.url);
    if (!host || skip.has(host)) continue;
    const list = byHost.get(host) ?? [];
    list.push(f);
    byHost.set(host, list);
  }
  return [...byHost].map(([host, list]) => ({ host, fetches: list }));
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

/** What a host would serve, in words: `model “ViT” · the dataset manifest (first.json) · 12 images`. */
export function describeFetches(fetches: readonly LinkFetch[]): string {
  const models = fetches.filter((f) => f.kind === 'model');
  const manifests = fetches.filter((f) => f.kind === 'manifest');
  const images = fetches.filter((f) => f.kind === 'image').length;
  const parts: string[] = [];
  if (models.length > 0) parts.push(`${models.length === 1 ? 'model' : 'models'} ${models.map((m) => `“${m.name}”`).join(', ')}`);
  for (const m of manifests) parts.push(`the dataset manifest (${m.name})`);
  for (const d of fetches.filter((f) => f.kind === 'dataset')) parts.push(`the dataset file (${d.name})`);
  if (images > 0) parts.push(plural(images, 'an image', 'images'));
  return parts.join(' · ');
}

/**
 * The question to ask, in one sentence: "This link loads a model from models.example.org — load it?",
 * "This dataset loads 12 images from cdn.example.org — load them?".
 */
export function consentQuestion(requests: readonly HostRequest[]): string {
  const all = requests.flatMap((r) => r.fetches);
  const count = (kind: LinkFetch['kind']) => all.filter((f) => f.kind === kind).length;
  const [models, manifests, images] = [count('model'), count('manifest') + count('dataset'), count('image')];
  const what = [
    models > 0 ? plural(models, 'a model', 'models') : '',
    manifests > 0 ? plural(manifests, 'a dataset', 'datasets') : '',
    images > 0 ? plural(images, 'an image', 'images') : '',
  ].filter(Boolean);
  const things = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}` : (what[0] ?? 'files');
  const from = requests.length === 1 ? requests[0].host : `${requests.length} other sites`;
  const subject = models === 0 && manifests === 0 ? 'This dataset' : 'This link';
  return `${subject} loads ${things} from ${from} — load ${all.length === 1 ? 'it' : 'them'}?`;
}
