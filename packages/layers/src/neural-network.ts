import {
  expectTensor,
  formatShape,
  type Parameter,
  ShapeError,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import { type Layer, layerLabel } from './layer.js';
import {
  loadStateDictInto,
  type StateDict,
  type StateDictLike,
  stateDictOf,
} from './state-dict.js';
import { Trace } from './trace.js';
import { traceNames } from './trace-names.js';

/** Options of `NeuralNetwork.backward`. */
export interface BackwardOptions {
  /** Compute and return ∂J/∂A0, the gradient for the network's input (default true). */
  inputGradient?: boolean;
}

/**
 * A sequence of layers (Sec. 5.1): `forward` runs them in order, `backward` in reverse order,
 * each layer's input gradient feeding the layer before it. Parameters are named
 * `layers.<i>.<name>` with `i` the layer's index in the list (`layers.0.weight`).
 *
 * The constructor checks that consecutive layers fit (the `sizes.in` of each is the `sizes.out`
 * of the sized layer before it, across any `'same'` layers such as activations) and calls every
 * layer's `initialise` in list order (a Linear with `init: 'auto'` gets Glorot when a sigmoid or
 * tanh comes right after it, He otherwise). It knows layers only through the `Layer` interface.
 */
export class NeuralNetwork {
  readonly layers: readonly Layer[];
  private activeTrace: Trace | undefined;
  /** The index of the first layer with parameters (−1 when none has any). */
  private readonly firstWithParameters: number;

  constructor(layers: readonly Layer[]) {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new ValueError('NeuralNetwork: give a non-empty array of layers');
    }
    layers.forEach((layer, i) => {
      const ok =
        typeof layer === 'object' &&
        layer !== null &&
        typeof layer.forward === 'function' &&
        typeof layer.backward === 'function' &&
        typeof layer.parameters === 'function';
      if (!ok) {
        throw new ValueError(
          `NeuralNetwork: layers.${i} is not a layer (an object with forward, backward and parameters)`,
        );
      }
      checkSizes(i, layer);
      const first = layers.indexOf(layer);
      if (first !== i) {
        throw new ValueError(
          `NeuralNetwork: layers.${first} and layers.${i} are the same layer object; a layer ` +
            'keeps its input for backward, so each position needs its own instance',
        );
      }
    });
    this.layers = [...layers];
    checkChain(this.layers);
    // In list order, so that layers drawing from one generator draw reproducibly.
    this.layers.forEach((layer, i) => {
      layer.initialise?.(this.layers[i + 1]);
    });
    this.firstWithParameters = this.layers.findIndex((layer) => layer.parameters().length > 0);
  }

  /** Runs every layer in order (Eq. 3.4, 3.7); returns the last layer's output Ŷ. */
  forward(x: Tensor): Tensor {
    expectTensor('NeuralNetwork.forward', 'x', x);
    this.checkInput(x);
    const trace = this.activeTrace;
    trace?.recordInput(x);
    let a = x;
    this.layers.forEach((layer, i) => {
      a = layer.forward(a);
      if (trace !== undefined) {
        trace.recordForward(i, [...layer.parameters().map((p) => p.value), a]);
      }
    });
    return a;
  }

  /**
   * Runs every layer's backward in reverse order, from ∂J/∂Ŷ (the loss gradient, with a zero
   * row 0); accumulates ∂J/∂W into each layer's parameter gradients and returns ∂J/∂A0.
   *
   * With `{ inputGradient: false }` (what a training step wants) the pass stops at the first
   * layer that has parameters and calls its `backwardWeights` where it has one: a Linear there
   * accumulates its ∂J/∂W (Eq. 3.5) but skips ∂J/∂A0 = W1ᵀΔ1 (Eq. 3.6), which nothing uses and
   * which costs as much as the first layer's forward; `undefined` is returned. The gradients
   * are the same either way. (While a `trace()` is recording, the full pass runs, so that the
   * trace shows every step.)
   */
  backward(dLoss: Tensor): Tensor;
  backward(dLoss: Tensor, options: BackwardOptions): Tensor | undefined;
  backward(dLoss: Tensor, options?: BackwardOptions): Tensor | undefined {
    expectTensor('NeuralNetwork.backward', 'dLoss', dLoss);
    const trace = this.activeTrace;
    if (trace === undefined) {
      let d = dLoss;
      const stop = options?.inputGradient === false ? this.firstWithParameters : -1;
      for (let i = this.layers.length - 1; i > stop; i--) d = this.layers[i]!.backward(d);
      if (stop < 0) return d;
      const first = this.layers[stop]!;
      if (first.backwardWeights !== undefined) first.backwardWeights(d);
      else first.backward(d);
      return undefined;
    }
    trace.recordLossGradient(dLoss);
    let d = dLoss;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const grads = this.layers[i]!.parameters().map((p) => p.grad);
      // This pass's gradients alone, even when they accumulate from earlier passes.
      const before = grads.map((g) => g.backend.copy(g, g.backend.zeros(g.rows, g.cols, g.dtype)));
      d = this.layers[i]!.backward(d);
      const thisPass = grads.map((g, k) => g.backend.binary('sub', g, before[k]!));
      trace.recordBackward(i, [...thisPass, d]);
    }
    trace.finish();
    this.activeTrace = undefined;
    return d;
  }

  /** Every layer's parameters, named `layers.<i>.<name>`. */
  parameters(): Parameter[] {
    return this.layers.flatMap((layer, i) =>
      layer.parameters().map((p) => ({ ...p, name: `layers.${i}.${p.name}` })),
    );
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.backend.fill(p.grad, 0);
  }

  /** Copies of every parameter's values, by name (`layers.0.weight` …). */
  stateDict(): StateDict {
    return stateDictOf(this.parameters());
  }

  /**
   * Loads parameter values by name. Missing or extra names, a shape that differs, a
   * non-finite value or a row 0 that is not [1, 0 … 0] is a `StateDictError` naming the first
   * mismatch; nothing is changed then.
   */
  loadStateDict(dict: StateDictLike): void {
    loadStateDictInto(this.parameters(), dict);
  }

  /**
   * Starts recording the next forward pass and the backward pass after it; `format()` the
   * returned trace to print it as the paper's Appendix A does.
   */
  trace(): Trace {
    this.activeTrace = new Trace(traceNames(this.layers));
    return this.activeTrace;
  }

  toString(): string {
    const lines = this.layers.map((layer, i) => `  (${i}) ${String(layerLabel(layer))}`);
    return `NeuralNetwork(\n${lines.join('\n')}\n)`;
  }

  /** The input must have the rows of the first sized layer (when only `'same'` layers precede it). */
  private checkInput(x: Tensor): void {
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      const { sizes } = layer;
      if (sizes === 'same') continue;
      if (sizes !== undefined && x.rows !== sizes.in + 1) {
        throw new ShapeError(
          `NeuralNetwork.forward: the input has shape ${formatShape(x.shape)}, but layers.${i} ` +
            `(${layerLabel(layer)}) expects ${sizes.in + 1} rows: ${sizes.in} features plus the ` +
            'bias row 0 of ones',
        );
      }
      return;
    }
  }
}

/** A layer's `sizes`, if it gives them, must be `'same'` or two positive integer counts. */
function checkSizes(i: number, layer: Layer): void {
  const { sizes } = layer;
  if (sizes === undefined || sizes === 'same') return;
  const count = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1;
  if (typeof sizes !== 'object' || sizes === null || !count(sizes.in) || !count(sizes.out)) {
    throw new ValueError(
      `NeuralNetwork: layers.${i} (${layerLabel(layer)}) has sizes ${JSON.stringify(sizes)}; ` +
        "give { in, out } as positive integers (features, bias row not counted) or 'same'",
    );
  }
}

/**
 * Each sized layer's `sizes.in` must equal the `sizes.out` of the sized layer before it;
 * `'same'` layers (activations) pass the size through, a layer without `sizes` may change it,
 * so the check restarts after one.
 */
function checkChain(layers: readonly Layer[]): void {
  let previous: { index: number; layer: Layer; out: number } | undefined;
  layers.forEach((layer, i) => {
    const { sizes } = layer;
    if (sizes === 'same') return;
    if (sizes === undefined) {
      previous = undefined;
      return;
    }
    if (previous !== undefined && sizes.in !== previous.out) {
      throw new ShapeError(
        `NeuralNetwork: layers.${previous.index} is ${layerLabel(previous.layer)} with ` +
          `${previous.out} outputs, but the next sized layer, layers.${i}, is ` +
          `${layerLabel(layer)} and takes ${sizes.in} inputs; they must be equal`,
      );
    }
    previous = { index: i, layer, out: sizes.out };
  });
}
