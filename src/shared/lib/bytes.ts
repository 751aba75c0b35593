/** Joins streamed chunks into one buffer of `total` bytes. */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Thrown when a stream would produce more bytes than allowed (a bomb, or a hostile input). */
export class SizeLimitError extends Error {}

/** Reads a byte stream to its end, stopping with `SizeLimitError(tooLarge)` past `limit` bytes. */
export async function readBounded(
  stream: ReadableStream<Uint8Array>,
  limit: number,
  tooLarge: string,
  onProgress?: (received: number) => void,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new SizeLimitError(tooLarge);
    }
    chunks.push(value);
    onProgress?.(total);
  }
  return concatBytes(chunks, total);
}

/** The bytes as a stream, piped through a (de)compression transform. */
export const transformed = (bytes: Uint8Array, transform: CompressionStream | DecompressionStream) =>
  new Blob([bytes as BlobPart]).stream().pipeThrough(transform);

/** A byte count for people: MiB with one decimal below 10 MiB, whole MiB above. */
export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`;
}
