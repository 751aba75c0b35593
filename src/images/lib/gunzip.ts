import { readBounded, SizeLimitError, transformed, formatMiB } from '../../shared/lib/bytes';

/**
 * Bounded gunzip with the platform's DecompressionStream (browsers and Node ≥ 18), so a
 * gzip bomb is stopped at `maxBytes` instead of exhausting memory.
 */
export async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  try {
    return await readBounded(transformed(bytes, new DecompressionStream('gzip')), maxBytes, `decompressed size exceeds the ${formatMiB(maxBytes)} limit`);
  } catch (e) {
    if (e instanceof SizeLimitError) throw e;
    throw new Error('corrupt or truncated gzip data', { cause: e });
  }
}
