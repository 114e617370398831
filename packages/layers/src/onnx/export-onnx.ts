// The package's own entry, not its source files: so that this entry's build shares the layer
// classes of the main one (instanceof works across the two).
import { Activation, Linear, type NeuralNetwork, splitAugmentedWeight } from '@mfnet/layers';
import { type DType, DTypeError, LEAKY_RELU_SLOPE, ShapeError, ValueError } from '@mfnet/tensor';
import { onnxModelType } from './onnx-schema.js';

/**
 * Opset 13: the first in which Softmax normalises along the one `axis` it is given (before,
 * it flattened everything after `axis` into one dimension) and in which Gemm, Relu, Sigmoid,
 * Tanh, LeakyRelu and Softmax all take float and double; old enough that every maintained
 * runtime (ONNX Runtime on every platform, TensorRT, OpenVINO, onnx.js successors) loads it.
 */
export const ONNX_OPSET = 13;
/** The IR version that goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;

export interface OnnxExportOptions {
  /** The element type of the weights, the input and the output (default: the network's). */
  dtype?: DType;
  /** Append a Softmax over the classes (axis 1), so that the output is probabilities. */
  softmax?: boolean;
  /** The graph input's name (default `input`), shape [batch, features]. */
  inputName?: string;
  /** The graph output's name (default `output`), shape [batch, outputs]. */
  outputName?: string;
  /**
   * Standardise the input first, (x − mean) / scale per feature, so that the model takes
   * raw features (the mean and scale of the `StandardScaler` the network was trained after).
   */
  inputScaler?: { mean: ArrayLike<number>; scale: ArrayLike<number> };
  /** String pairs stored in the model's `metadata_props`. */
  metadata?: Readonly<Record<string, string>>;
}

/** One graph node: an ONNX operator on named values. */
export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: { name: string; int?: number; float?: number }[];
}

/** A constant of the graph: a weight, a bias or a scaler vector, row-major. */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: Float64Array;
}

/** The graph of an exported network, before encoding. */
export interface OnnxGraph {
  dtype: DType;
  input: { name: string; features: number };
  output: { name: string; features: number };
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
}

const ELEMENT_TYPE: Record<DType, number> = { float32: 1, float64: 11 };

/**
 * The ONNX graph of `net`, [batch, features] in and [batch, outputs] out (ONNX's row-major
 * samples × features, where mfnet computes features × samples with a bias row):
 *
 * - each Linear is a `Gemm` Y = X·W̃ᵀ + b (`transB` = 1) with W̃ = W[1:, 1:] (nOut×nIn) and
 *   b = W[1:, 0], the two parts of the augmented weight of Eq. 3.2; row 0 of W, which only
 *   carries the bias feature forward, has no counterpart;
 * - ReLU, Sigmoid and Tanh are the operators of that name, LeakyReLU is LeakyRelu (its slope
 *   as `alpha`) in float32 and Where(Greater(z, 0), z, Mul(z, slope)) in float64 (see
 *   `activationNodes`); Identity adds no node;
 * - `softmax` appends a Softmax on axis 1, `inputScaler` a Sub and a Div before the first layer.
 *
 * A layer of another kind is a `ValueError`.
 */
export function onnxGraph(net: NeuralNetwork, options: OnnxExportOptions = {}): OnnxGraph {
  const linears = net.layers.filter((layer): layer is Linear => layer instanceof Linear);
  const first = linears[0];
  if (first === undefined) {
    throw new ValueError(
      'exportOnnx: the network has no Linear layer, so its input size is unknown',
    );
  }
  const dtype = options.dtype ?? first.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new DTypeError(`exportOnnx: dtype must be float32 or float64, got ${String(dtype)}`);
  }
  const inputName = checkName('inputName', options.inputName ?? 'input');
  const outputName = checkName('outputName', options.outputName ?? 'output');
  if (inputName === outputName) {
    throw new ValueError(`exportOnnx: the input and the output are both named '${inputName}'`);
  }
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  let value = inputName;
  const add = (node: Omit<OnnxNode, 'outputs'>): void => {
    value = `${node.name}.output`;
    nodes.push({ ...node, outputs: [value] });
  };

  if (options.inputScaler !== undefined) {
    const { mean, scale } = checkScaler(options.inputScaler, first.nIn);
    initializers.push({ name: 'input.mean', dims: [first.nIn], values: mean });
    initializers.push({ name: 'input.scale', dims: [first.nIn], values: scale });
    add({ name: 'input.centred', opType: 'Sub', inputs: [value, 'input.mean'], attributes: [] });
    add({
      name: 'input.standardised',
      opType: 'Div',
      inputs: [value, 'input.scale'],
      attributes: [],
    });
  }
  net.layers.forEach((layer, i) => {
    const name = `layers.${i}`;
    if (layer instanceof Linear) {
      const { weight, bias } = splitAugmentedWeight(layer);
      initializers.push({ name: `${name}.weight`, dims: [layer.nOut, layer.nIn], values: weight });
      initializers.push({ name: `${name}.bias`, dims: [layer.nOut], values: bias });
      add({
        name,
        opType: 'Gemm',
        inputs: [value, `${name}.weight`, `${name}.bias`],
        attributes: [{ name: 'transB', int: 1 }],
      });
    } else if (layer instanceof Activation) {
      // The last node of an activation gives its output; the others read the same input.
      const ops = activationNodes(layer, name, value, dtype);
      initializers.push(...ops.initializers);
      for (const op of ops.nodes) add(op);
    } else {
      throw new ValueError(
        `exportOnnx: layers.${i} is a ${layer.label ?? layer.constructor.name}; ONNX export knows Linear and ` +
          'the activations (ReLU, LeakyReLU, Sigmoid, Tanh, Identity)',
      );
    }
  });
  const last = linears[linears.length - 1]!;
  if (options.softmax === true) {
    add({
      name: 'softmax',
      opType: 'Softmax',
      inputs: [value],
      attributes: [{ name: 'axis', int: 1 }],
    });
  }
  // There is a node: the network has a Linear. The last one writes the graph's output.
  nodes[nodes.length - 1]!.outputs = [outputName];
  return {
    dtype,
    input: { name: inputName, features: first.nIn },
    output: { name: outputName, features: last.nOut },
    nodes,
    initializers,
  };
}

/**
 * The network as an ONNX model (protobuf bytes, a `.onnx` file): opset 13, a dynamic batch
 * dimension `batch`, the input and output named as `options` says (default `input` and
 * `output`). See `onnxGraph` for how the layers map to operators.
 */
export function exportOnnx(net: NeuralNetwork, options: OnnxExportOptions = {}): Uint8Array {
  const graph = onnxGraph(net, options);
  const elemType = ELEMENT_TYPE[graph.dtype];
  const valueInfo = (name: string, features: number) => ({
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: [{ dim_param: 'batch' }, { dim_value: features }] },
      },
    },
  });
  const model = {
    ir_version: ONNX_IR_VERSION,
    producer_name: 'mfnet',
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    metadata_props: Object.entries(options.metadata ?? {}).map(([key, v]) => ({ key, value: v })),
    graph: {
      name: 'mfnet',
      doc_string: String(net),
      node: graph.nodes.map((n) => ({
        name: n.name,
        op_type: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: n.attributes.map((a) =>
          a.int !== undefined
            ? { name: a.name, type: 2, i: a.int }
            : { name: a.name, type: 1, f: a.float },
        ),
      })),
      initializer: graph.initializers.map((t) => ({
        name: t.name,
        dims: t.dims,
        data_type: elemType,
        raw_data: littleEndianBytes(t.values, graph.dtype),
      })),
      input: [valueInfo(graph.input.name, graph.input.features)],
      output: [valueInfo(graph.output.name, graph.output.features)],
    },
  };
  const type = onnxModelType();
  return type.encode(type.fromObject(model)).finish();
}

/**
 * The nodes of an activation (none for Identity), the last giving its output. LeakyReLU in float64 is z > 0 ? z : slope·z
 * spelt out as Where(Greater(z, 0), z, Mul(z, slope)): ONNX Runtime has no double kernel for
 * LeakyRelu, and its `alpha` attribute is a float32, which would round the slope.
 */
function activationNodes(
  layer: Activation,
  name: string,
  input: string,
  dtype: DType,
): { nodes: Omit<OnnxNode, 'outputs'>[]; initializers: OnnxInitializer[] } {
  const node = (opType: string, attributes: OnnxNode['attributes'] = []) => ({
    nodes: [{ name, opType, inputs: [input], attributes }],
    initializers: [],
  });
  switch (layer.kind) {
    case 'identity':
      return { nodes: [], initializers: [] };
    case 'relu':
      return node('Relu');
    case 'sigmoid':
      return node('Sigmoid');
    case 'tanh':
      return node('Tanh');
    case 'leaky_relu': {
      const slope = layer.param ?? LEAKY_RELU_SLOPE;
      if (dtype === 'float32') return node('LeakyRelu', [{ name: 'alpha', float: slope }]);
      return {
        nodes: [
          {
            name: `${name}.positive`,
            opType: 'Greater',
            inputs: [input, `${name}.zero`],
            attributes: [],
          },
          {
            name: `${name}.scaled`,
            opType: 'Mul',
            inputs: [input, `${name}.slope`],
            attributes: [],
          },
          {
            name,
            opType: 'Where',
            inputs: [`${name}.positive.output`, input, `${name}.scaled.output`],
            attributes: [],
          },
        ],
        initializers: [
          { name: `${name}.zero`, dims: [], values: new Float64Array([0]) },
          { name: `${name}.slope`, dims: [], values: new Float64Array([slope]) },
        ],
      };
    }
    default:
      throw new ValueError(
        `exportOnnx: ${name} is the activation '${String(layer.kind)}', which has no ONNX operator here`,
      );
  }
}

function littleEndianBytes(values: Float64Array, dtype: DType): Uint8Array {
  const size = dtype === 'float64' ? 8 : 4;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    if (size === 8) view.setFloat64(i * 8, values[i]!, true);
    else view.setFloat32(i * 4, values[i]!, true);
  }
  return bytes;
}

function checkName(option: string, name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ValueError(
      `exportOnnx: ${option} must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

function checkScaler(
  scaler: { mean: ArrayLike<number>; scale: ArrayLike<number> },
  features: number,
): { mean: Float64Array; scale: Float64Array } {
  const mean = Float64Array.from(scaler.mean);
  const scale = Float64Array.from(scaler.scale);
  for (const [what, v] of [
    ['mean', mean],
    ['scale', scale],
  ] as const) {
    if (v.length !== features) {
      throw new ShapeError(
        `exportOnnx: inputScaler.${what} has ${v.length} values; the first Linear takes ${features} features`,
      );
    }
    const bad = v.findIndex((x) => !Number.isFinite(x) || (what === 'scale' && x === 0));
    if (bad >= 0) {
      throw new ValueError(
        `exportOnnx: inputScaler.${what}[${bad}] is ${v[bad]}; it must be a finite${what === 'scale' ? ', non-zero' : ''} number`,
      );
    }
  }
  return { mean, scale };
}
