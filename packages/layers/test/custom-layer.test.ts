import {
  type Backend,
  type DType,
  getBackend,
  gradcheck,
  type Parameter,
  ShapeError,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type Layer,
  Linear,
  loadTorchStateDict,
  NeuralNetwork,
  ReLU,
  StateDictError,
  torchStateDict,
} from '../src/index.js';
import { copyOf, randomBatch, randomWeights, weightedSquares } from './helpers.js';

/**
 * A layer written here, against the `Layer` interface only: it multiplies feature i by its own
 * weight sᵢ. Its weight s is (n+1)×1 with s₀ = 1, so that the bias row passes through; like a
 * Linear's augmented weight, row 0 is fixed (`fixedRow0`) and this layer owns its gradient row:
 *
 *     out = X ⊙ (s·1ᵀ)        ∂J/∂s = (Δ ⊙ X)·1 (row 0 zero)        ∂J/∂X = Δ ⊙ (s·1ᵀ)
 */
class FeatureScale implements Layer {
  readonly label: string;
  readonly sizes: { in: number; out: number };
  readonly weight: Tensor;
  readonly grad: Tensor;
  /** What the network asked of it, in order. */
  readonly calls: string[] = [];
  private input: Tensor | undefined;

  constructor(
    readonly n: number,
    dtype: DType = 'float64',
    private readonly backend: Backend = getBackend(),
  ) {
    this.label = `FeatureScale(${n})`;
    this.sizes = { in: n, out: n };
    this.weight = backend.zeros(n + 1, 1, dtype);
    this.grad = backend.zeros(n + 1, 1, dtype);
  }

  initialise(next: Layer | undefined): void {
    this.calls.push(`initialise(${next?.label ?? 'none'})`);
    const s = Array.from({ length: this.n + 1 }, (_, i) => (i === 0 ? 1 : 0.5 + 0.25 * i));
    this.backend.write(this.weight, s);
  }

  forward(x: Tensor): Tensor {
    this.input = x;
    return this.backend.binary('mul', x, this.spread(x.cols));
  }

  backward(dOut: Tensor): Tensor {
    this.calls.push('backward');
    this.backwardWeights(dOut, false);
    return this.backend.binary('mul', dOut, this.spread(dOut.cols));
  }

  backwardWeights(dOut: Tensor, record = true): void {
    if (record) this.calls.push('backwardWeights');
    const b = this.backend;
    const product = b.binary('mul', dOut, this.input!);
    const ones = b.fill(b.zeros(dOut.cols, 1, dOut.dtype), 1);
    // Row 0 of s is a constant: its gradient row stays zero, whatever Δ's row 0 holds.
    b.matmul(product, ones, { beta: 1, zeroRow0: true }, this.grad);
  }

  parameters(): Parameter[] {
    return [{ name: 'weight', value: this.weight, grad: this.grad, fixedRow0: true }];
  }

  /** s·1ᵀ: the weights spread over `cols` samples. */
  private spread(cols: number): Tensor {
    const ones = this.backend.fill(this.backend.zeros(1, cols, this.weight.dtype), 1);
    return this.backend.matmul(this.weight, ones);
  }
}

/** A custom activation that only declares what the network needs: its size and its init. */
function softsignLike(): Layer {
  return {
    label: 'Smooth',
    sizes: 'same',
    initBefore: 'glorot',
    forward: (z) => z,
    backward: (d) => d,
    parameters: () => [],
  };
}

const TOLERANCE = {
  float64: { eps: 1e-6, atol: 1e-6, rtol: 1e-5 },
  float32: { eps: 1e-3, atol: 1e-2, rtol: 1e-2 },
} as const;

describeOnBackends(['float64', 'float32'], 'a custom layer, %s', (dtype) => {
  it('its gradients pass a finite-difference check (weights and input)', () => {
    // On the current backend: describeOnBackends makes gpujs current for its block.
    const layer = new FeatureScale(3, dtype);
    layer.initialise(undefined);
    const x = randomBatch(3, 5, 1, dtype);
    const j = weightedSquares(randomWeights(4, 5, 2, dtype));
    const dX = copyOf(layer.backward(j.grad(layer.forward(x))));
    const result = gradcheck(
      () => j.value(layer.forward(x)),
      [x, layer.weight],
      [dX, copyOf(layer.grad)],
      TOLERANCE[dtype],
    );
    expect(result.ok, JSON.stringify(result.worst)).toBe(true);
    expect(layer.grad.toArray()[0]).toEqual([0]);
  });
});

describe('NeuralNetwork with a custom layer', () => {
  it('the chain check covers it: a size that does not fit is a ShapeError naming both layers', () => {
    const after = () => new NeuralNetwork([new Linear(3, 4), new ReLU(), new FeatureScale(5)]);
    expect(after).toThrow(ShapeError);
    expect(after).toThrow(
      /layers\.0 is Linear\(3→4\) with 4 outputs, but the next sized layer, layers\.2, is FeatureScale\(5\) and takes 5 inputs/,
    );
    const before = () => new NeuralNetwork([new FeatureScale(3), new Linear(4, 2)]);
    expect(before).toThrow(ShapeError);
    expect(before).toThrow(
      /layers\.0 is FeatureScale\(3\) with 3 outputs, but the next sized layer, layers\.1, is Linear\(4→2\) and takes 4 inputs/,
    );
    // Sizes that fit build.
    expect(() => new NeuralNetwork([new Linear(3, 4), new FeatureScale(4)])).not.toThrow();
  });

  it("the network's input check covers it when it comes first", () => {
    const net = new NeuralNetwork([new FeatureScale(3), new Linear(3, 2, { seed: 1 })]);
    expect(() => net.forward(randomBatch(4, 2, 1))).toThrow(ShapeError);
    expect(() => net.forward(randomBatch(4, 2, 1))).toThrow(
      /the input has shape \[5×2\], but layers\.0 \(FeatureScale\(3\)\) expects 4 rows/,
    );
  });

  it('bad sizes are a ValueError naming the layer', () => {
    const bad = new FeatureScale(2);
    Object.assign(bad, { sizes: { in: 2, out: 0 } });
    expect(() => new NeuralNetwork([bad])).toThrow(ValueError);
    expect(() => new NeuralNetwork([bad])).toThrow(/layers\.0 \(FeatureScale\(2\)\) has sizes/);
  });

  it('as the first layer it gets the weights-only backward, with the same gradients', () => {
    const make = () => {
      const scale = new FeatureScale(3);
      const net = new NeuralNetwork([scale, new Linear(3, 2, { seed: 4 }), new ReLU()]);
      return { scale, net };
    };
    const full = make();
    const lean = make();
    const x = randomBatch(3, 6, 7);
    const objective = weightedSquares(randomWeights(3, 6, 8));
    expect(full.net.backward(objective.grad(full.net.forward(x))).shape).toEqual([4, 6]);
    const nothing = lean.net.backward(objective.grad(lean.net.forward(x)), {
      inputGradient: false,
    });
    expect(nothing).toBeUndefined();
    expect(full.scale.calls).toEqual(['initialise(Linear(3→2))', 'backward']);
    expect(lean.scale.calls).toEqual(['initialise(Linear(3→2))', 'backwardWeights']);
    const grads = (net: NeuralNetwork) => net.parameters().map((p) => p.grad.toArray());
    expect(grads(lean.net)).toEqual(grads(full.net));
    expect(
      lean.scale.grad
        .toArray()
        .slice(1)
        .flat()
        .some((v) => v !== 0),
    ).toBe(true);
  });

  it('initialise runs in list order; a custom activation chooses the init of the Linear before it', () => {
    const net = new NeuralNetwork([
      new Linear(3, 4, { seed: 9 }),
      softsignLike(),
      new Linear(4, 2, { seed: 10 }),
      new ReLU(),
    ]);
    const [w0, w2] = net.parameters().map((p) => p.value.toArray());
    expect(w0).toEqual(new Linear(3, 4, { seed: 9, init: 'glorot' }).weight.toArray());
    expect(w2).toEqual(new Linear(4, 2, { seed: 10, init: 'he' }).weight.toArray());
  });

  it('its label names it in toString and in a trace, which records its weight and gradient', () => {
    const net = new NeuralNetwork([new Linear(2, 3, { seed: 1 }), new FeatureScale(3)]);
    expect(String(net)).toBe('NeuralNetwork(\n  (0) Linear(2→3)\n  (1) FeatureScale(3)\n)');
    const trace = net.trace();
    net.forward(randomBatch(2, 4, 2));
    net.backward(randomWeights(4, 4, 3));
    const text = trace.format();
    expect(text).toContain('Layer 1 (FeatureScale(3))\nlayers.1.weight =');
    expect(text).toContain('Ŷ = H2 = FeatureScale(3)(Z1) =');
    expect(text).toContain('Layer 1 (FeatureScale(3))\n∂J/∂layers.1.weight =');
    expect(trace.get('∂J/∂layers.1.weight').shape).toEqual([4, 1]);
  });
});

describe('exporters and a custom layer with parameters', () => {
  it('the PyTorch names refuse it instead of leaving its weights out', () => {
    const net = new NeuralNetwork([new Linear(2, 3, { seed: 1 }), new FeatureScale(3)]);
    expect(() => torchStateDict(net)).toThrow(StateDictError);
    expect(() => torchStateDict(net)).toThrow(
      /torchStateDict: layers\.1 \(FeatureScale\(3\)\) has parameters, but PyTorch's names are known only for Linear/,
    );
    const linearOnly = torchStateDict(new NeuralNetwork([new Linear(2, 3, { seed: 1 })]));
    expect(() => loadTorchStateDict(net, linearOnly)).toThrow(
      /loadTorchStateDict: layers\.1 \(FeatureScale/,
    );
    // mfnet's own state dict takes every layer's parameters by name.
    expect([...net.stateDict().keys()]).toEqual(['layers.0.weight', 'layers.1.weight']);
  });
});
