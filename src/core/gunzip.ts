import { concatBytes } from './bytes';

/**
 * Bounded gunzip with the platform's DecompressionStream (browsers and Node ≥ 18), so a
 * gzip bomb is stopped at `maxBytes` instead of exhausting memory.
 */
export async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new Error(`decompressed size exceeds the ${Math.round(maxBytes / 2 ** 20)} MiB limit`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('decompressed size')) throw e;
    throw new Error('corrupt or truncated gzip data');
  }
  return concatBytes(chunks, total);
}
