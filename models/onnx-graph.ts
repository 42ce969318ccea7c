import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Small helpers to write an ONNX graph with npm `onnx-proto`: tensors, nodes, typed inputs and outputs. */
export type Dim = number | string;

export function floatTensor(name: string, dims: number[], values: Float32Array): onnxProto.onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: littleEndian(values) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto {
  return {
    name,
    dims,
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: littleEndian(BigInt64Array.from(values, BigInt)),
  };
}

function littleEndian(values: Float32Array | BigInt64Array): Uint8Array {
  // Typed arrays use the platform's byte order; ONNX raw data is little-endian, which every supported host is.
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

type Attribute = number | number[];

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, Attribute> = {},
): onnxProto.onnx.INodeProto {
  const attribute = Object.entries(attributes).map(([name, value]) =>
    Array.isArray(value)
      ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value }
      : { name, type: onnx.AttributeProto.AttributeType.INT, i: value },
  );
  return { opType, input: inputs, output: outputs, name: outputs[0], attribute };
}

export function valueInfo(
  name: string,
  elemType: 'float' | 'int64',
  dims: Dim[],
): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: elemType === 'float' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface GraphParts {
  name: string;
  nodes: onnxProto.onnx.INodeProto[];
  initializers: onnxProto.onnx.ITensorProto[];
  inputs: onnxProto.onnx.IValueInfoProto[];
  outputs: onnxProto.onnx.IValueInfoProto[];
}

/** Serialises a graph as an opset-18 model (IR version 8). */
export function encodeModel(parts: GraphParts): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'viscura',
    opsetImport: [{ domain: '', version: 18 }],
    graph: {
      name: parts.name,
      node: parts.nodes,
      initializer: parts.initializers,
      input: parts.inputs,
      output: parts.outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
