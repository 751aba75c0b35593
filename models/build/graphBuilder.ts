/**
 * A small writer of ONNX graphs, used by the project's model scripts (the nsfwjs converter and the
 * ViT-shaped test graphs). It wraps onnx-proto's generated protobuf classes so the scripts read
 * as a list of operators rather than as protobuf plumbing. Node only; never bundled into the app.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
/** An attribute: integers are INT, `{ float: x }` is FLOAT (so that 1.0 is not taken for an int). */
type Attr = number | { float: number } | number[] | string;

export const OPSET = 17;

export class GraphBuilder {
  private nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private counter = 0;

  /** A fresh tensor name with a readable prefix. */
  name(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, shape: (number | string)[], type: ElemType = 'float'): string {
    this.inputs.push(valueInfo(name, shape, type));
    return name;
  }

  output(name: string, shape: (number | string)[], type: ElemType = 'float'): void {
    this.outputs.push(valueInfo(name, shape, type));
  }

  /** A float32 constant stored in the graph. */
  weight(name: string, dims: number[], data: Float32Array): string {
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${name}: ${data.length} values for shape [${dims}]`);
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push(onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw }));
    return name;
  }

  /** An int64 constant (shapes, axes); `scalar` makes a 0-D tensor of its one value. */
  int64(name: string, values: number[], scalar = false): string {
    const dims = scalar ? [] : [values.length];
    this.initializers.push(onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: values }));
    return name;
  }

  scalar(name: string, value: number): string {
    this.initializers.push(onnx.TensorProto.create({ name, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [value] }));
    return name;
  }

  /** Adds one operator; returns its (first) output name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output = this.name(opType.toLowerCase())): string {
    return this.opWithOutputs(opType, inputs, [output], attrs)[0];
  }

  /** An operator with several outputs (TopK, Split…). */
  opWithOutputs(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}): string[] {
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: outputs[0],
        input: inputs,
        output: outputs,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    return outputs;
  }

  toBytes(graphName: string, docString: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'latent-sky',
      docString,
      opsetImport: [{ domain: '', version: OPSET }],
      graph: onnx.GraphProto.create({
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

type ElemType = 'float' | 'int64';

function valueInfo(name: string, shape: (number | string)[], type: ElemType) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: type === 'float' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attribute(name: string, v: Attr) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer; write { float: ${v} }`);
    return { name, type: T.INT, i: v };
  }
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  return { name, type: T.FLOAT, f: v.float };
}
