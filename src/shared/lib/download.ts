/**
 * Downloads a file with byte-level progress, resuming with an HTTP Range request when the
 * connection drops or stalls, and turning every failure into a sentence a user can act on.
 * `fetch` is injected so the same code runs in the browser and against a local test server.
 */
import { concatBytes, formatMiB } from './bytes';

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** Called with bytes received and the total (NaN when the server does not say). */
  onProgress?: (received: number, total: number) => void;
  maxBytes?: number;
  /** Attempts after the first, each resuming where the last stopped. */
  retries?: number;
  /** An attempt that receives nothing for this long is abandoned and resumed. */
  stallMs?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
}

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Total size from `Content-Range: bytes a-b/total` or `Content-Length`. */
function totalOf(response: Response, offset: number): number {
  const range = response.headers.get('content-range')?.match(/\/(\d+)\s*$/);
  if (range) return Number(range[1]);
  const length = Number(response.headers.get('content-length'));
  return length > 0 ? offset + length : NaN;
}

function httpError(url: string, response: Response): DownloadError {
  const status = `HTTP ${response.status} ${response.statusText}`.trim();
  if (response.status === 404)
    return new DownloadError(`could not download ${url}: ${status} — the file is not there (check the repository, revision and file name)`, false);
  if (response.status === 401 || response.status === 403)
    return new DownloadError(`could not download ${url}: ${status} — the file needs a login or is private`, false);
  return new DownloadError(`could not download ${url}: ${status}`, response.status >= 500 || response.status === 429);
}

export async function download(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const { fetch: get = globalThis.fetch.bind(globalThis), onProgress, maxBytes = 2 ** 31, retries = 3, stallMs = 30_000, retryDelayMs = 500, signal } = options;
  const chunks: Uint8Array[] = [];
  let received = 0;
  let total = NaN;
  let lastProblem = '';

  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, retryDelayMs * attempt));
    if (signal?.aborted) throw new DownloadError('download cancelled', false);
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort);
    let stalled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const armStallTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, stallMs);
    };
    try {
      armStallTimer();
      let response: Response;
      try {
        response = await get(url, { signal: controller.signal, headers: received > 0 ? { Range: `bytes=${received}-` } : {} });
      } catch {
        if (signal?.aborted) throw new DownloadError('download cancelled', false);
        lastProblem = stalled
          ? `the server did not answer for ${stallMs / 1000} s`
          : 'the network failed or the server does not allow cross-origin requests (CORS)';
        continue;
      }
      if (!response.ok) {
        const error = httpError(url, response);
        if (!error.retryable) throw error;
        lastProblem = error.message;
        continue;
      }
      if (received > 0 && response.status !== 206) {
        chunks.length = 0; // the server ignored the Range request and sent the whole file again
        received = 0;
      }
      total = totalOf(response, received);
      if (total > maxBytes) throw new DownloadError(`${url} is ${formatMiB(total)}, over the ${formatMiB(maxBytes)} limit`, false);
      if (!response.body) {
        const all = new Uint8Array(await response.arrayBuffer());
        chunks.push(all);
        received += all.byteLength;
      } else {
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            armStallTimer();
            received += value.byteLength;
            if (received > maxBytes) {
              await reader.cancel();
              throw new DownloadError(`${url} is over the ${formatMiB(maxBytes)} limit`, false);
            }
            chunks.push(value);
            onProgress?.(received, total);
          }
        } catch (e) {
          if (e instanceof DownloadError) throw e;
          if (signal?.aborted) throw new DownloadError('download cancelled', false);
          lastProblem = stalled ? `the download stalled (nothing received for ${stallMs / 1000} s)` : 'the connection dropped';
          continue;
        }
      }
      if (Number.isFinite(total) && received < total) {
        lastProblem = `the download was cut short (${received} of ${total} bytes)`;
        continue;
      }
      onProgress?.(received, received);
      return concatBytes(chunks, received);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }
  const got = Number.isFinite(total) ? ` (${received} of ${total} bytes received)` : '';
  throw new DownloadError(`could not download ${url} after ${retries + 1} attempts: ${lastProblem}${got}`, true);
}
