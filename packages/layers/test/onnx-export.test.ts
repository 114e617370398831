import { DTYPES, type DType, ShapeError, type Tensor, ValueError } from '@mfnet/tensor';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Identity,
  type Layer,
  LeakyReLU,
  Linear,
  NeuralNetwork,
  ReLU,
  Sigmoid,
  Tanh,
} from '../src/index.js';
import { exportOnnx, ONNX_OPSET, onnxGraph } from '../src/onnx/index.js';
import { onnxModelType } from '../src/onnx/onnx-schema.js';
import { randomBatch } from './helpers.js';

/** All graph optimisations on; one thread, so that ONNX Runtime's pool does not spin on a busy machine. */
const ORT_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
};

/** Every activation mfnet has, each after its own Linear. */
const everyActivation = (dtype: DType) =>
  new NeuralNetwork([
    new Linear(5, 7, { seed: 1, dtype }),
    new ReLU(),
    new Linear(7, 6, { seed: 2, dtype }),
    new LeakyReLU(0.01),
    new Linear(6, 6, { seed: 3, dtype }),
    new Sigmoid(),
    new Linear(6, 5, { seed: 4, dtype }),
    new Tanh(),
    new Linear(5, 3, { seed: 5, dtype }),
    new Identity(),
  ]);

/** mfnet's columns (features × samples, bias row 0) as ONNX's rows (samples × features). */
function samplesByFeatures(t: Tensor, dtype: DType): Float32Array | Float64Array {
  const data = t.toTypedArray();
  const out =
    dtype === 'float64'
      ? new Float64Array(t.cols * (t.rows - 1))
      : new Float32Array(t.cols * (t.rows - 1));
  for (let r = 1; r < t.rows; r++)
    for (let c = 0; c < t.cols; c++) out[c * (t.rows - 1) + r - 1] = data[r * t.cols + c]!;
  return out;
}

async function runOrt(
  model: Uint8Array,
  x: Float32Array | Float64Array,
  features: number,
  dtype: DType,
) {
  const session = await ort.InferenceSession.create(model, ORT_OPTIONS);
  const input = new ort.Tensor(dtype, x, [x.length / features, features]);
  const result = await session.run({ [session.inputNames[0]!]: input });
  const out = result[session.outputNames[0]!]!;
  return { session, data: out.data as Float32Array | Float64Array, dims: out.dims };
}

/** The largest |actual − expected| / max(|expected|, 1): relative, absolute near zero. */
function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(
      worst,
      Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1),
    );
  }
  return worst;
}

function softmaxRows(values: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let s = 0; s < values.length / classes; s++) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, values[s * classes + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(values[s * classes + k]! - max);
    for (let k = 0; k < classes; k++)
      out[s * classes + k] = Math.exp(values[s * classes + k]! - max) / sum;
  }
  return out;
}

describe.each(DTYPES)('exportOnnx, %s: ONNX Runtime computes what mfnet computes', (dtype) => {
  // float64 agrees to rounding; float32 to float32's rounding through five layers.
  const tolerance = dtype === 'float64' ? 1e-12 : 1e-6;

  it.each([1, 17])(
    'every activation, a batch of %i (the batch dimension is dynamic)',
    async (m) => {
      const net = everyActivation(dtype);
      const x = randomBatch(5, m, 7, dtype);
      const expected = samplesByFeatures(net.forward(x), dtype);
      const { data, dims } = await runOrt(exportOnnx(net), samplesByFeatures(x, dtype), 5, dtype);
      expect(dims).toEqual([m, 3]);
      expect(data).toBeInstanceOf(dtype === 'float64' ? Float64Array : Float32Array);
      expect(maxRelativeError(data, expected)).toBeLessThan(tolerance);
    },
  );

  it('a softmax head gives the probabilities of the outputs', async () => {
    const net = everyActivation(dtype);
    const x = randomBatch(5, 9, 8, dtype);
    const expected = softmaxRows(samplesByFeatures(net.forward(x), 'float64'), 3);
    const { data } = await runOrt(
      exportOnnx(net, { softmax: true }),
      samplesByFeatures(x, dtype),
      5,
      dtype,
    );
    expect(maxRelativeError(data, expected)).toBeLessThan(tolerance);
    for (let s = 0; s < 9; s++)
      expect(data[3 * s]! + data[3 * s + 1]! + data[3 * s + 2]!).toBeCloseTo(1, 6);
  });

  it('an input scaler standardises raw features inside the model', async () => {
    const net = everyActivation(dtype);
    const mean = [0.5, -1, 2, 0, 3];
    const scale = [2, 0.5, 1, 4, 0.25];
    const standardised = randomBatch(5, 6, 9, dtype);
    const raw = samplesByFeatures(standardised, dtype).map(
      (v, i) => v * scale[i % 5]! + mean[i % 5]!,
    );
    // mfnet on (raw − mean)/scale, computed here as the scaler does.
    const back = standardised.backend.fromHost(
      [
        ...new Array(6).fill(1),
        ...Array.from({ length: 30 }, (_, k) => {
          const f = Math.floor(k / 6);
          const s = k % 6;
          return (raw[s * 5 + f]! - mean[f]!) / scale[f]!;
        }),
      ],
      6,
      6,
      dtype,
    );
    const expected = samplesByFeatures(net.forward(back), dtype);
    const { data } = await runOrt(exportOnnx(net, { inputScaler: { mean, scale } }), raw, 5, dtype);
    expect(maxRelativeError(data, expected)).toBeLessThan(tolerance);
  });
});

describe('exportOnnx: the model file', () => {
  it('has opset 13, the input and output named and shaped [batch, features], in the asked dtype', async () => {
    const net = everyActivation('float64');
    for (const [dtype, elemType] of [
      ['float64', 11],
      ['float32', 1],
    ] as const) {
      const bytes = exportOnnx(net, {
        dtype,
        inputName: 'pixels',
        outputName: 'scores',
        metadata: { app: 'test' },
      });
      const model = onnxModelType().toObject(onnxModelType().decode(bytes), { longs: Number }) as {
        opset_import: { version: number }[];
        metadata_props: { key: string; value: string }[];
        graph: {
          input: {
            name: string;
            type: { tensor_type: { elem_type: number; shape: { dim: unknown[] } } };
          }[];
          output: {
            name: string;
            type: { tensor_type: { elem_type: number; shape: { dim: unknown[] } } };
          }[];
        };
      };
      expect(model.opset_import).toEqual([{ domain: '', version: ONNX_OPSET }]);
      expect(model.metadata_props).toEqual([{ key: 'app', value: 'test' }]);
      expect(model.graph.input.map((v) => v.name)).toEqual(['pixels']);
      expect(model.graph.output.map((v) => v.name)).toEqual(['scores']);
      expect(model.graph.input[0]!.type.tensor_type).toEqual({
        elem_type: elemType,
        shape: { dim: [{ dim_param: 'batch' }, { dim_value: 5 }] },
      });
      expect(model.graph.output[0]!.type.tensor_type.shape.dim).toEqual([
        { dim_param: 'batch' },
        { dim_value: 3 },
      ]);
      const session = await ort.InferenceSession.create(bytes, ORT_OPTIONS);
      expect(session.inputNames).toEqual(['pixels']);
      expect(session.outputNames).toEqual(['scores']);
      const [input] = session.inputMetadata;
      const [output] = session.outputMetadata;
      expect(input).toMatchObject({
        name: 'pixels',
        isTensor: true,
        type: dtype,
        shape: ['batch', 5],
      });
      expect(output).toMatchObject({
        name: 'scores',
        isTensor: true,
        type: dtype,
        shape: ['batch', 3],
      });
    }
  });

  it('maps each layer to one operator, the augmented weight to a Gemm weight and bias', () => {
    const net = new NeuralNetwork([
      new Linear(2, 3, {
        weight: [
          [1, 0, 0],
          [0.5, 1, 2],
          [-0.5, 3, 4],
          [0.25, 5, 6],
        ],
      }),
      new LeakyReLU(0.2),
      new Linear(3, 1, {
        weight: [
          [1, 0, 0, 0],
          [7, 8, 9, 10],
        ],
      }),
      new Identity(),
    ]);
    const graph = onnxGraph(net, { dtype: 'float32' });
    expect(graph.nodes.map((n) => [n.opType, n.inputs, n.outputs])).toEqual([
      ['Gemm', ['input', 'layers.0.weight', 'layers.0.bias'], ['layers.0.output']],
      ['LeakyRelu', ['layers.0.output'], ['layers.1.output']],
      ['Gemm', ['layers.1.output', 'layers.2.weight', 'layers.2.bias'], ['output']],
    ]);
    expect(graph.nodes[0]!.attributes).toEqual([{ name: 'transB', int: 1 }]);
    expect(graph.nodes[1]!.attributes).toEqual([{ name: 'alpha', float: 0.2 }]);
    expect(graph.initializers.map((t) => [t.name, t.dims, [...t.values]])).toEqual([
      ['layers.0.weight', [3, 2], [1, 2, 3, 4, 5, 6]],
      ['layers.0.bias', [3], [0.5, -0.5, 0.25]],
      ['layers.2.weight', [1, 3], [8, 9, 10]],
      ['layers.2.bias', [1], [7]],
    ]);
  });

  it('LeakyReLU in float64 is Where(Greater(z, 0), z, Mul(z, slope)) with the exact slope', () => {
    const net = new NeuralNetwork([new Linear(2, 2, { seed: 1 }), new LeakyReLU(0.01)]);
    const graph = onnxGraph(net, { dtype: 'float64' });
    expect(graph.nodes.map((n) => [n.opType, n.inputs, n.outputs])).toEqual([
      ['Gemm', ['input', 'layers.0.weight', 'layers.0.bias'], ['layers.0.output']],
      ['Greater', ['layers.0.output', 'layers.1.zero'], ['layers.1.positive.output']],
      ['Mul', ['layers.0.output', 'layers.1.slope'], ['layers.1.scaled.output']],
      [
        'Where',
        ['layers.1.positive.output', 'layers.0.output', 'layers.1.scaled.output'],
        ['output'],
      ],
    ]);
    const slope = graph.initializers.find((t) => t.name === 'layers.1.slope')!;
    expect([...slope.values]).toEqual([0.01]);
  });

  it('the last node writes the output, also when the network ends in Identity', () => {
    const net = new NeuralNetwork([new Linear(2, 2, { seed: 1 }), new Identity()]);
    expect(onnxGraph(net).nodes.map((n) => n.outputs)).toEqual([['output']]);
  });

  it('refuses what it cannot export, naming it', () => {
    class Doubler implements Layer {
      forward(x: Tensor) {
        return x;
      }
      backward(d: Tensor) {
        return d;
      }
      parameters() {
        return [];
      }
    }
    const custom = new NeuralNetwork([new Linear(2, 2, { seed: 1 }), new Doubler()]);
    expect(() => exportOnnx(custom)).toThrow(ValueError);
    expect(() => exportOnnx(custom)).toThrow(/layers\.1 is a Doubler/);
    expect(() => exportOnnx(new NeuralNetwork([new Activation('relu')]))).toThrow(
      /no Linear layer/,
    );
    const net = everyActivation('float64');
    expect(() => exportOnnx(net, { inputScaler: { mean: [0, 0], scale: [1, 1] } })).toThrow(
      ShapeError,
    );
    expect(() =>
      exportOnnx(net, { inputScaler: { mean: [0, 0, 0, 0, 0], scale: [1, 1, 0, 1, 1] } }),
    ).toThrow(/inputScaler\.scale\[2\] is 0/);
    expect(() => exportOnnx(net, { inputName: 'x', outputName: 'x' })).toThrow(/both named 'x'/);
  });
});
