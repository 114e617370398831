import { type Tensor, ValueError } from '@mfnet/tensor';
import { formatMatrix, formatNumber } from './format-matrix.js';
import type { NetworkTraceNames, TraceName } from './trace-names.js';

/** One recorded tensor of a trace. */
export interface TraceEntry {
  phase: 'forward' | 'backward';
  /** The heading it is printed under: `Input`, `Layer 1 (Linear 2→3)`, `Loss gradient`… */
  heading: string;
  /** Its index in the network's layer list; −1 for the input and the loss gradient. */
  layer: number;
  /** The names it can be looked up by with `get`: `Z1`, `Δ1`, `∂J/∂Z1`, `∂J/∂W1`, `Ŷ`… */
  symbols: readonly string[];
  /** How it was computed, in the paper's notation: `Z1 = W1·A0`. */
  equation: string;
  /** A copy of the tensor, taken when it was computed. */
  value: Tensor;
}

export interface TraceFormatOptions {
  /** Significant digits of non-integers (default 4). */
  digits?: number;
}

/**
 * A record of one forward and one backward pass of a `NeuralNetwork`: the input A0, every Z
 * and A, the loss gradient ∂J/∂Ŷ, every Δ = ∂J/∂Z, ∂J/∂A and ∂J/∂W, layer by layer, as
 * Appendix A of the paper walks through them. Get one from `net.trace()`; it records the next
 * forward and the backward after it, then stops. `format()` prints it; `get('Z1')` returns one
 * tensor.
 */
export class Trace {
  private forwardEntries: TraceEntry[] = [];
  private backwardEntries: TraceEntry[] = [];
  private done = false;
  /** The loss of the traced pass, if given (`setLoss`); printed between the two passes. */
  loss: number | undefined;

  constructor(private readonly names: NetworkTraceNames) {}

  /** Everything recorded, forward then backward. */
  get entries(): readonly TraceEntry[] {
    return [...this.forwardEntries, ...this.backwardEntries];
  }

  /** True once a backward pass has been recorded. */
  get complete(): boolean {
    return this.done;
  }

  /** The recorded tensor called `symbol` (`A0`, `W2`, `Z2`, `Ŷ`, `Δ3`, `∂J/∂W1`, `∂J/∂A0`…). */
  get(symbol: string): Tensor {
    const entry = this.entries.find((e) => e.symbols.includes(symbol));
    if (entry === undefined) {
      const known = this.entries.flatMap((e) => e.symbols).join(', ');
      throw new ValueError(
        `Trace.get: nothing called '${symbol}' was recorded; recorded: ${known || 'nothing yet'}`,
      );
    }
    return entry.value;
  }

  /** Records the loss J of the traced pass, for `format`. */
  setLoss(loss: number): void {
    this.loss = loss;
  }

  /** The trace in the layout of the paper's Appendix A. */
  format(options: TraceFormatOptions = {}): string {
    const digits = options.digits ?? 4;
    const lines: string[] = [];
    let heading = '';
    const section = (title: string, entries: readonly TraceEntry[]): void => {
      lines.push(title, '');
      heading = '';
      for (const entry of entries) {
        if (entry.heading !== heading) {
          if (heading !== '') lines.push('');
          heading = entry.heading;
          lines.push(heading);
        }
        lines.push(`${entry.equation} =`);
        for (const row of formatMatrix(entry.value, digits)) lines.push(`  ${row}`);
      }
      lines.push('');
    };
    section('Forward pass', this.forwardEntries);
    if (this.loss !== undefined) lines.push(`J = ${formatNumber(this.loss, digits)}`, '');
    if (this.backwardEntries.length > 0) section('Backward pass', this.backwardEntries);
    return lines.join('\n').trimEnd();
  }

  // ---- recording, called by NeuralNetwork ---------------------------------------------

  /** @internal Starts (or restarts) the record with the network's input. */
  recordInput(x: Tensor): void {
    this.forwardEntries = [];
    this.backwardEntries = [];
    this.done = false;
    this.push(this.forwardEntries, 'forward', 'Input', -1, this.names.input, x);
  }

  /** @internal What layer `i` computed in forward: its parameters (a Linear's W), then its output. */
  recordForward(i: number, values: readonly Tensor[]): void {
    const layer = this.names.layers[i]!;
    values.forEach((v, k) => {
      this.push(this.forwardEntries, 'forward', layer.heading, i, layer.forward[k]!, v);
    });
  }

  /** @internal The gradient that starts the backward pass. */
  recordLossGradient(dLoss: Tensor): void {
    this.backwardEntries = [];
    this.push(
      this.backwardEntries,
      'backward',
      'Loss gradient',
      -1,
      this.names.lossGradient,
      dLoss,
    );
  }

  /** @internal What layer `i` computed in backward: its parameters' gradients, then ∂J/∂input. */
  recordBackward(i: number, values: readonly Tensor[]): void {
    const layer = this.names.layers[i]!;
    values.forEach((v, k) => {
      this.push(this.backwardEntries, 'backward', layer.heading, i, layer.backward[k]!, v);
    });
  }

  /** @internal The backward pass is recorded: the trace is complete. */
  finish(): void {
    this.done = true;
  }

  private push(
    into: TraceEntry[],
    phase: TraceEntry['phase'],
    heading: string,
    layer: number,
    name: TraceName,
    value: Tensor,
  ): void {
    const copy = value.backend.zeros(value.rows, value.cols, value.dtype);
    value.backend.copy(value, copy);
    into.push({
      phase,
      heading,
      layer,
      symbols: name.symbols,
      equation: name.equation,
      value: copy,
    });
  }
}
