/**
 * Remote datasets: a manifest lists image URLs with labels and metadata, as JSON
 * (`{"images": [{"url", "label"?, "name"?, …}]}` or a bare array) or CSV (a `url` column, an
 * optional `label`/`class` column, other columns kept as metadata). Validated with zod; URLs are
 * resolved against the manifest's own URL and must be http(s): they are only ever fetched as
 * data, never navigated to or executed.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { formatMiB } from '../../shared/lib/bytes';

export const MAX_MANIFEST_ENTRIES = 20_000;
export const MAX_MANIFEST_BYTES = 16 * 2 ** 20;

export interface ManifestEntry {
  url: string;
  /** File name shown in the app (from the entry, else the URL's last segment). */
  name: string;
  label?: string;
  meta: Record<string, string>;
}

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String).pipe(z.string().max(500));
const entrySchema = z.looseObject({ url: z.string().min(1).max(4096), label: text.optional(), class: text.optional(), name: text.optional() });
const jsonSchema = z.union([z.array(entrySchema), z.looseObject({ images: z.array(entrySchema) })]);

function resolveUrl(raw: string, base: string): string | undefined {
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const lastSegment = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'image');
// Control characters are exactly what a file name must not carry.
// eslint-disable-next-line no-control-regex
const cleanName = (name: string) => name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255) || 'image';

export interface ParsedManifest {
  entries: ManifestEntry[];
  /** Entries left out, with the reason (shown as skipped). */
  rejected: { name: string; reason: string }[];
}

function fromRows(rows: Record<string, unknown>[], base: string): ParsedManifest {
  if (rows.length > MAX_MANIFEST_ENTRIES) throw new Error(`the manifest lists ${rows.length} images, over the ${MAX_MANIFEST_ENTRIES} limit`);
  const entries: ManifestEntry[] = [];
  const rejected: ParsedManifest['rejected'] = [];
  rows.forEach((row, i) => {
    const parsed = entrySchema.safeParse(row);
    const raw = parsed.success ? parsed.data.url : String(row.url ?? '').slice(0, 100);
    const url = parsed.success ? resolveUrl(parsed.data.url, base) : undefined;
    if (!parsed.success || !url) {
      rejected.push({
        name: `manifest entry ${i + 1} (${raw || 'no url'})`,
        reason: parsed.success ? 'not an http(s) URL: only web addresses are fetched' : 'not a valid entry (it needs a url)',
      });
      return;
    }
    const { label, class: cls, name } = parsed.data;
    const meta = Object.fromEntries(
      Object.entries(parsed.data)
        .filter(([k, v]) => !['url', 'label', 'class', 'name'].includes(k) && ['string', 'number', 'boolean'].includes(typeof v))
        .slice(0, 50)
        .map(([k, v]) => [k.slice(0, 100), String(v).slice(0, 500)]),
    );
    entries.push({ url, name: cleanName(name ?? lastSegment(url)), label: (label ?? cls)?.trim() || undefined, meta });
  });
  if (entries.length === 0) throw new Error(rejected.length ? `no usable image in the manifest (${rejected[0].reason})` : 'the manifest lists no images');
  return { entries, rejected };
}

/** Parses a manifest's text; `base` is the manifest's own URL (relative image URLs resolve against it). */
export function parseManifest(content: string, base: string): ParsedManifest {
  if (content.length > MAX_MANIFEST_BYTES) throw new Error(`the manifest is over ${formatMiB(MAX_MANIFEST_BYTES)}`);
  const body = content.replace(/^\uFEFF/, '').trim();
  if (body === '') throw new Error('the manifest is empty');
  if (body.startsWith('{') || body.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new Error('the manifest is not valid JSON');
    }
    const parsed = jsonSchema.safeParse(json);
    if (!parsed.success) throw new Error('the manifest JSON is not a list of images (expected {"images": [{"url": …}]} or [{"url": …}])');
    return fromRows((Array.isArray(parsed.data) ? parsed.data : parsed.data.images) as Record<string, unknown>[], base);
  }
  if (/^<(!doctype|html)/i.test(body)) throw new Error('the manifest URL returned an HTML page, not a manifest');
  const csv = Papa.parse<Record<string, string>>(body, { header: true, skipEmptyLines: true });
  if (!csv.meta.fields?.some((f) => f.trim().toLowerCase() === 'url')) throw new Error('the manifest CSV has no "url" column');
  const rows = csv.data.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim().toLowerCase() === 'url' ? 'url' : k.trim(), v])));
  return fromRows(rows, base);
}
