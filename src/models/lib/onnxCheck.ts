/**
 * A cheap structural check that bytes are an ONNX model (a protobuf ModelProto with a graph),
 * run before handing them to onnxruntime so that the usual wrong downloads (an HTML error page,
 * a Git LFS pointer, a truncated file) get a sentence a user understands rather than a
 * protobuf parse error from inside WebAssembly.
 */

const GRAPH_FIELD = 7;
const IR_VERSION_FIELD = 1;

function readVarint(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= bytes.length) throw new RangeError('truncated');
    const b = bytes[pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
  throw new RangeError('varint too long');
}

/** Returns null when the bytes look like an ONNX model, else the reason they do not. */
export function onnxProblem(bytes: Uint8Array): string | null {
  if (bytes.byteLength === 0) return 'the file is empty';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('version https://git-lfs'))
    return 'this is a Git LFS pointer file, not the model itself (download the file through the hub\'s "resolve" URL)';
  if (/^<(!doctype|html|\?xml)/i.test(head)) return 'this is an HTML/XML page (an error or login page?), not an ONNX model';
  if (head.startsWith('{')) return 'this is a JSON file, not an ONNX model';
  let pos = 0;
  let sawGraph = false;
  let sawIr = false;
  try {
    while (pos < bytes.length) {
      const [key, next] = readVarint(bytes, pos);
      pos = next;
      const field = Math.floor(key / 8);
      const wire = key & 7;
      if (field === 0) return 'not an ONNX model (not a protobuf message)';
      if (wire === 0) pos = readVarint(bytes, pos)[1];
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) {
        const [len, start] = readVarint(bytes, pos);
        pos = start + len;
      } else return 'not an ONNX model (not a protobuf message)';
      if (pos > bytes.length) throw new RangeError('truncated');
      if (field === GRAPH_FIELD && wire === 2) sawGraph = true;
      if (field === IR_VERSION_FIELD && wire === 0) sawIr = true;
    }
  } catch (e) {
    if (e instanceof RangeError) return `the ONNX file is truncated or corrupt (it ends inside a record; ${bytes.byteLength} bytes)`;
    throw e;
  }
  if (!sawGraph || !sawIr) return 'not an ONNX model (no graph in the file)';
  return null;
}
