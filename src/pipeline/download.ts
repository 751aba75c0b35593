import { readBounded } from '../core/bytes';

/**
 * Fetches a file with byte-level progress, turning every failure into a sentence a user can act on.
 * (A CORS refusal and an offline network look the same to a page: a TypeError from fetch.)
 */
export async function downloadBytes(url: string, onProgress: (fraction: number) => void, maxBytes = 2 ** 31): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(`could not download ${url}: the network failed or the server does not allow cross-origin requests (CORS)`);
  }
  if (!response.ok) throw new Error(`could not download ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  const total = Number(response.headers.get('content-length')) || NaN;
  if (total > maxBytes) throw new Error(`${url} is ${Math.round(total / 2 ** 20)} MiB, over the ${Math.round(maxBytes / 2 ** 20)} MiB limit`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const bytes = await readBounded(response.body, maxBytes, `${url} is over the ${Math.round(maxBytes / 2 ** 20)} MiB limit`, (received) => onProgress(received / total));
  const received = bytes.byteLength;
  if (Number.isFinite(total) && received < total) throw new Error(`download of ${url} was cut short (${received} of ${total} bytes)`);
  return bytes;
}
