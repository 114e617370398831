import {
  expectTensor,
  formatShape,
  type Parameter,
  ShapeError,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import { Activation } from './activation.js';
import type { Layer } from './layer.js';
import { Linear } from './linear.js';
import {
  loadStateDictInto,
  type StateDict,
  type StateDictLike,
  stateDictOf,
} from './state-dict.js';
import { Trace } from './trace.js';
import { traceNames } from './trace-names.js';

/**
 * A sequence of layers (Sec. 5.1): `forward` runs them in order, `backward` in reverse order,
 * each layer's input gradient feeding the layer before it. Parameters are named
 * `layers.<i>.<name>` with `i` the layer's index in the list (`layers.0.weight`).
 *
 * The constructor checks that consecutive Linear layers fit (the nIn of each is the nOut of
 * the Linear before it, across any activations) and draws every Linear's initial weights in
 * list order; a Linear with `init: 'auto'` gets Glorot when a sigmoid or tanh comes right after
 * it, He otherwise.
 */
/** Options of `NeuralNetwork.backward`. */
export interface BackwardOptions {
  /** Compute and return ∂J/∂A0, the gradient for the network's input (default true). */
  inputGradient?: boolean;
}

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
    initialiseInOrder(this.layers);
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
        trace.recordForward(i, layer instanceof Linear ? [layer.weight, a] : [a]);
      }
    });
    return a;
  }

  /**
   * Runs every layer's backward in reverse order, from ∂J/∂Ŷ (the loss gradient, with a zero
   * row 0); accumulates ∂J/∂W into each Linear's `grad` and returns ∂J/∂A0.
   *
   * With `{ inputGradient: false }` (what a training step wants) the pass stops at the first
   * layer that has parameters: a Linear there accumulates its ∂J/∂W (Eq. 3.5) but skips
   * ∂J/∂A0 = W1ᵀΔ1 (Eq. 3.6), which nothing uses and which costs as much as the first layer's
   * forward; `undefined` is returned. The gradients are the same either way. (While a `trace()`
   * is recording, the full pass runs, so that the trace shows every step.)
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
      if (first instanceof Linear) first.backwardWeights(d);
      else first.backward(d);
      return undefined;
    }
    trace.recordLossGradient(dLoss);
    let d = dLoss;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (layer instanceof Linear) {
        // This pass's ∂J/∂W alone, even when gradients accumulate from earlier passes.
        const { backend } = layer;
        const before = backend.copy(layer.grad, backend.zeros(...layer.grad.shape, layer.dtype));
        d = layer.backward(d);
        trace.recordBackward(i, [backend.binary('sub', layer.grad, before), d]);
      } else {
        d = layer.backward(d);
        trace.recordBackward(i, [d]);
      }
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

  /** The input must have the row count the first Linear expects (when only activations precede it). */
  private checkInput(x: Tensor): void {
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      if (layer instanceof Linear) {
        if (x.rows !== layer.nIn + 1) {
          throw new ShapeError(
            `NeuralNetwork.forward: the input has shape ${formatShape(x.shape)}, but layers.${i} ` +
              `(${layer.label}) expects ${layer.nIn + 1} rows: ${layer.nIn} features plus the ` +
              'bias row 0 of ones',
          );
        }
        return;
      }
      if (!(layer instanceof Activation)) return;
    }
  }
}

function layerLabel(layer: Layer): string {
  if (layer instanceof Linear || layer instanceof Activation) return layer.label;
  return layer.constructor.name;
}

/**
 * Each Linear's nIn must equal the nOut of the Linear before it. Activations keep the size;
 * a layer of another kind may change it, so the check restarts after one.
 */
function checkChain(layers: readonly Layer[]): void {
  let previous: { index: number; layer: Linear } | undefined;
  layers.forEach((layer, i) => {
    if (layer instanceof Linear) {
      if (previous !== undefined && layer.nIn !== previous.layer.nOut) {
        throw new ShapeError(
          `NeuralNetwork: layers.${previous.index} is ${previous.layer.label} with ` +
            `${previous.layer.nOut} outputs, but the next Linear, layers.${i}, is ${layer.label} ` +
            `and takes ${layer.nIn} inputs; they must be equal`,
        );
      }
      previous = { index: i, layer };
    } else if (!(layer instanceof Activation)) {
      previous = undefined;
    }
  });
}

/**
 * Draws the weights of every Linear not yet initialised, in list order. `auto` becomes Glorot
 * when the layer right after it is a sigmoid or tanh activation, He otherwise (relu,
 * leaky_relu, identity, another kind of layer, or none).
 */
function initialiseInOrder(layers: readonly Layer[]): void {
  layers.forEach((layer, i) => {
    if (!(layer instanceof Linear) || layer.isInitialised) return;
    if (layer.init !== 'auto') {
      layer.resetParameters();
      return;
    }
    const next = layers[i + 1];
    const smooth = next instanceof Activation && (next.kind === 'sigmoid' || next.kind === 'tanh');
    layer.resetParameters(smooth ? 'glorot' : 'he');
  });
}
