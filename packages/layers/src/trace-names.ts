import { Activation } from './activation.js';
import type { Layer } from './layer.js';
import { Linear } from './linear.js';

/** What one recorded tensor is called: symbols to look it up by, and the printed equation. */
export interface TraceName {
  symbols: string[];
  equation: string;
}

/** The headings and names of everything a trace records for one layer. */
export interface LayerTraceNames {
  heading: string;
  /** Linear: the weight W, then Z. Others: their output. */
  forward: TraceName[];
  /** Linear: ∂J/∂W, then ∂J/∂input. Others: ∂J/∂input. */
  backward: TraceName[];
}

export interface NetworkTraceNames {
  input: TraceName;
  lossGradient: TraceName;
  layers: LayerTraceNames[];
}

/**
 * Names in the paper's notation (Sec. 2, Appendix A): the l-th Linear layer maps A(l−1) to
 * Z(l) = W(l)·A(l−1), the activation after it maps Z(l) to A(l) = g(Z(l)), Δ(l) = ∂J/∂Z(l).
 * A layer of another kind at list position i outputs H(i+1). The network's output is also Ŷ.
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
    if (layer instanceof Linear) {
      l++;
      current = `Z${l}`;
      names.push({
        heading: `Layer ${l} (Linear ${layer.nIn}→${layer.nOut})`,
        forward: [
          { symbols: [`W${l}`], equation: `W${l}` },
          { symbols: hat(current), equation: `${lhs(current)} = W${l}·${input}` },
        ],
        backward: [
          { symbols: [`∂J/∂W${l}`], equation: `∂J/∂W${l} = Δ${l}·${input}ᵀ` },
          { symbols: [`∂J/∂${input}`], equation: `∂J/∂${input} = W${l}ᵀ·Δ${l}` },
        ],
      });
      return;
    }
    if (layer instanceof Activation) {
      const afterLinear = input === `Z${l}`;
      current = afterLinear ? `A${l}` : `g(${input})`;
      const delta = afterLinear ? [`Δ${l}`, `∂J/∂${input}`] : [`∂J/∂${input}`];
      names.push({
        heading: `Layer ${l} (Activation: ${layer.label})`,
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
    const kind = layer.constructor.name || 'Layer';
    current = `H${i + 1}`;
    names.push({
      heading: `Layer ${l} (${kind})`,
      forward: [{ symbols: hat(current), equation: `${lhs(current)} = ${kind}(${input})` }],
      backward: [{ symbols: [`∂J/∂${input}`], equation: `∂J/∂${input}` }],
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
