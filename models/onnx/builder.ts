// A small ONNX graph builder: nodes, initializers and typed inputs/outputs, serialised with
// protobufjs against the vendored onnx.proto subset.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** ONNX TensorProto.DataType values used here. */
export const DT = { FLOAT: 1, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;
/** ONNX AttributeProto.AttributeType values used here. */
const AT = { FLOAT: 1, INT: 2, TENSOR: 4, INTS: 7 } as const;

export type AttrValue = number | number[] | { float: number } | { tensor: TensorInit };

export interface TensorInit {
  name: string;
  dims: number[];
  dataType: number;
  data: Float32Array | Float64Array | BigInt64Array;
}

/** The vendored schema: next to the compiled file when copied, else in the source tree. */
function protoPath(): string {
  const candidates = [
    fileURLToPath(new URL('./onnx.proto', import.meta.url)),
    fileURLToPath(new URL('../../../models/onnx/onnx.proto', import.meta.url)),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`onnx.proto not found (looked in ${candidates.join(', ')})`);
  return found;
}

function tensorMessage(t: TensorInit): Record<string, unknown> {
  return {
    name: t.name,
    dims: t.dims,
    dataType: t.dataType,
    rawData: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  };
}

export class GraphBuilder {
  private readonly nodes: Record<string, unknown>[] = [];
  private readonly initializers: TensorInit[] = [];
  private readonly inputs: Record<string, unknown>[] = [];
  private readonly outputs: Record<string, unknown>[] = [];
  private counter = 0;

  private fresh(op: string): string {
    return `${op.toLowerCase()}_${this.counter++}`;
  }

  input(name: string, elemType: number, dims: (number | string)[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: (number | string)[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** Adds a constant tensor; returns its name (made unique unless `exact`). */
  tensor(name: string, dims: number[], data: Float32Array | Float64Array | BigInt64Array, exact = false): string {
    const dataType = data instanceof Float32Array ? DT.FLOAT : data instanceof Float64Array ? DT.DOUBLE : DT.INT64;
    const unique = exact ? name : `${name}_${this.counter++}`;
    this.initializers.push({ name: unique, dims, dataType, data });
    return unique;
  }

  f32(name: string, dims: number[], values: ArrayLike<number>): string {
    return this.tensor(name, dims, Float32Array.from(values));
  }

  f64(name: string, dims: number[], values: ArrayLike<number>): string {
    return this.tensor(name, dims, Float64Array.from(values));
  }

  i64(name: string, dims: number[], values: number[]): string {
    return this.tensor(name, dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** Adds one node with a single output; returns the output name. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputName?: string): string {
    const out = outputName ?? this.fresh(opType);
    const attribute = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === 'number') return { name, type: AT.INT, i: v };
      if (Array.isArray(v)) return { name, type: AT.INTS, ints: v };
      if ('float' in v) return { name, type: AT.FLOAT, f: v.float };
      return { name, type: AT.TENSOR, t: tensorMessage(v.tensor) };
    });
    this.nodes.push({ opType, input: inputs, output: [out], name: out, attribute });
    return out;
  }

  /** Serialises a ModelProto. */
  encode(meta: { opset: number; irVersion: number; producer: string; producerVersion: string; docString: string; props: Record<string, string> }): Uint8Array {
    const root = protobuf.loadSync(protoPath());
    const Model = root.lookupType('onnx.ModelProto');
    const model = {
      irVersion: meta.irVersion,
      opsetImport: [{ domain: '', version: meta.opset }],
      producerName: meta.producer,
      producerVersion: meta.producerVersion,
      docString: meta.docString,
      graph: {
        name: 'shardcast_forecaster',
        node: this.nodes,
        initializer: this.initializers.map(tensorMessage),
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.entries(meta.props).map(([key, value]) => ({ key, value })),
    };
    const err = Model.verify(model);
    if (err) throw new Error(`invalid ONNX model: ${err}`);
    return Model.encode(Model.fromObject(model)).finish();
  }
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): Record<string, unknown> {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Reads the float initializers of a serialised model by name (for checks and tests). */
export function readInitializers(bytes: Uint8Array): Map<string, { dims: number[]; data: Float32Array }> {
  const root = protobuf.loadSync(protoPath());
  const Model = root.lookupType('onnx.ModelProto');
  const model = Model.toObject(Model.decode(bytes), { longs: Number, bytes: Buffer }) as {
    graph: { initializer: { name: string; dims: number[]; dataType: number; rawData?: Buffer }[] };
  };
  const out = new Map<string, { dims: number[]; data: Float32Array }>();
  for (const t of model.graph.initializer) {
    if (t.dataType !== DT.FLOAT || !t.rawData) continue;
    const copy = Uint8Array.from(t.rawData);
    out.set(t.name, { dims: t.dims, data: new Float32Array(copy.buffer, 0, copy.byteLength / 4) });
  }
  return out;
}

/** Opset and IR version of a serialised model. */
export function readHeader(bytes: Uint8Array): { irVersion: number; opset: number; props: Record<string, string> } {
  const root = protobuf.loadSync(protoPath());
  const Model = root.lookupType('onnx.ModelProto');
  const m = Model.toObject(Model.decode(bytes), { longs: Number }) as {
    irVersion: number; opsetImport: { domain?: string; version: number }[]; metadataProps?: { key: string; value: string }[];
  };
  return {
    irVersion: m.irVersion,
    opset: Math.max(...m.opsetImport.filter((o) => !o.domain).map((o) => o.version)),
    props: Object.fromEntries((m.metadataProps ?? []).map((e) => [e.key, e.value])),
  };
}
