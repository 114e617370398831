import { type Layer, layerLabel } from './layer.js';

/** What one recorded tensor is called: symbols to look it up by, and the printed equation. */
export interface TraceName {
  symbols: string[];
  equation: string;
}

/** The headings and names of everything a trace records for one layer. */
export interface LayerTraceNames {
  heading: string;
  /** The layer's parameters (a Linear's weight W), then its output. */
  forward: TraceName[];
  /** ∂J/∂ each parameter, then ∂J/∂input. */
  backward: TraceName[];
}

export interface NetworkTraceNames {
  input: TraceName;
  lossGradient: TraceName;
  layers: LayerTraceNames[];
}

/**
 * Names in the paper's notation (Sec. 2, Appendix A): the l-th `linear` layer (see
 * `Layer.notation`) maps A(l−1) to Z(l) = W(l)·A(l−1), the `activation` after it maps Z(l) to
 * A(l) = g(Z(l)), Δ(l) = ∂J/∂Z(l). A layer of another kind at list position i outputs H(i+1),
 * and its parameters are named `layers.<i>.<name>`. The network's output is also Ŷ.
 */
export function traceNames(layers: readonly Layer[]): NetworkTraceNames {
  let l = 0;
  let current = 'A0';
  const names: LayerTraceNames[] = [];
  layers.forEach((layer, i) => {
    const input = current;
    const last = i === layers.length - 1;
    const hat = (symbol: string): string[] => (last ? [symbol, 'Ŷ'] : [symbol]);
    const lhs = (symbol: string): string => (last ? `Ŷ = ${symbol}` : symbol);
    const parameters = layer.parameters().map((p) => `layers.${i}.${p.name}`);
    const forwardOf = (symbol: string): TraceName => ({ symbols: [symbol], equation: symbol });
    const backwardOf = (symbol: string): TraceName => ({
      symbols: [`∂J/∂${symbol}`],
      equation: `∂J/∂${symbol}`,
    });
    if (layer.notation === 'linear' && parameters.length > 0) {
      l++;
      current = `Z${l}`;
      const { sizes } = layer;
      const kind =
        typeof sizes === 'object' ? `Linear ${sizes.in}→${sizes.out}` : layerLabel(layer);
      const others = parameters.slice(1);
      names.push({
        heading: `Layer ${l} (${kind})`,
        forward: [
          { symbols: [`W${l}`], equation: `W${l}` },
          ...others.map(forwardOf),
          { symbols: hat(current), equation: `${lhs(current)} = W${l}·${input}` },
        ],
        backward: [
          { symbols: [`∂J/∂W${l}`], equation: `∂J/∂W${l} = Δ${l}·${input}ᵀ` },
          ...others.map(backwardOf),
          { symbols: [`∂J/∂${input}`], equation: `∂J/∂${input} = W${l}ᵀ·Δ${l}` },
        ],
      });
      return;
    }
    if (layer.notation === 'activation' && parameters.length === 0) {
      const afterLinear = input === `Z${l}`;
      current = afterLinear ? `A${l}` : `g(${input})`;
      const delta = afterLinear ? [`Δ${l}`, `∂J/∂${input}`] : [`∂J/∂${input}`];
      names.push({
        heading: `Layer ${l} (Activation: ${layerLabel(layer)})`,
        forward: [{ symbols: hat(current), equation: `${lhs(current)} = g(${input})` }],
        backward: [
          {
            symbols: delta,
            equation: `${delta.join(' = ')} = ∂J/∂${current} ⊙ g′(${input})`,
          },
        ],
      });
      return;
    }
    const kind = layerLabel(layer);
    current = `H${i + 1}`;
    names.push({
      heading: `Layer ${l} (${kind})`,
      forward: [
        ...parameters.map(forwardOf),
        { symbols: hat(current), equation: `${lhs(current)} = ${kind}(${input})` },
      ],
      backward: [
        ...parameters.map(backwardOf),
        { symbols: [`∂J/∂${input}`], equation: `∂J/∂${input}` },
      ],
    });
  });
  const lossSymbols = layers.length > 0 ? ['∂J/∂Ŷ', `∂J/∂${current}`] : ['∂J/∂Ŷ'];
  // After a Linear, ∂J/∂Ŷ is Δ itself.
  if (current.startsWith('Z')) lossSymbols.push(`Δ${current.slice(1)}`);
  return {
    input: { symbols: ['A0'], equation: 'A0' },
    lossGradient: { symbols: lossSymbols, equation: lossSymbols.join(' = ') },
    layers: names,
  };
}
