import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Parameter, type Tensor, ValueError } from '@mfnet/tensor';
import { APPENDIX_A } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { type Layer, Linear, NeuralNetwork, ReLU } from '../src/index.js';
import {
  appendixANetwork,
  asTensor,
  mse,
  mseGradient,
  randomBatch,
  randomWeights,
} from './helpers.js';

/** The Appendix A pass, traced, with its loss. */
function appendixATrace() {
  const net = appendixANetwork();
  const trace = net.trace();
  const y = asTensor(APPENDIX_A.Ytilde, 'float64');
  const yHat = net.forward(asTensor(APPENDIX_A.A0, 'float64'));
  trace.setLoss(mse(yHat, y));
  net.backward(mseGradient(yHat, y));
  return { net, trace };
}

/** A 2-3-1 ReLU network ending in a Linear, a batch for it and a fixed loss gradient. */
function smallNetwork() {
  const net = new NeuralNetwork([
    new Linear(2, 3, { seed: 1 }),
    new ReLU(),
    new Linear(3, 1, { seed: 2 }),
  ]);
  return { net, x: randomBatch(2, 4, 3), dLoss: randomWeights(2, 4, 4) };
}

describe('Trace', () => {
  it("prints Appendix A layer by layer in the paper's notation", () => {
    const text = appendixATrace().trace.format();
    const lines = text.split('\n');
    // Sections and headings in the order of Appendix A.
    const headings = lines.filter((l) =>
      /^(Forward pass|Backward pass|Layer \d|Input|Loss|J =)/.test(l),
    );
    expect(headings).toEqual([
      'Forward pass',
      'Input',
      'Layer 1 (Linear 2→3)',
      'Layer 1 (Activation: Identity)',
      'Layer 2 (Linear 3→2)',
      'Layer 2 (Activation: Identity)',
      'Layer 3 (Linear 2→1)',
      'Layer 3 (Activation: Identity)',
      'J = 1',
      'Backward pass',
      'Loss gradient',
      'Layer 3 (Activation: Identity)',
      'Layer 3 (Linear 2→1)',
      'Layer 2 (Activation: Identity)',
      'Layer 2 (Linear 3→2)',
      'Layer 1 (Activation: Identity)',
      'Layer 1 (Linear 2→3)',
    ]);
    const equations = lines.filter((l) => l.endsWith(' =')).map((l) => l.slice(0, -2));
    expect(equations).toEqual([
      'A0',
      'W1',
      'Z1 = W1·A0',
      'A1 = g(Z1)',
      'W2',
      'Z2 = W2·A1',
      'A2 = g(Z2)',
      'W3',
      'Z3 = W3·A2',
      'Ŷ = A3 = g(Z3)',
      '∂J/∂Ŷ = ∂J/∂A3',
      'Δ3 = ∂J/∂Z3 = ∂J/∂A3 ⊙ g′(Z3)',
      '∂J/∂W3 = Δ3·A2ᵀ',
      '∂J/∂A2 = W3ᵀ·Δ3',
      'Δ2 = ∂J/∂Z2 = ∂J/∂A2 ⊙ g′(Z2)',
      '∂J/∂W2 = Δ2·A1ᵀ',
      '∂J/∂A1 = W2ᵀ·Δ2',
      'Δ1 = ∂J/∂Z1 = ∂J/∂A1 ⊙ g′(Z1)',
      '∂J/∂W1 = Δ1·A0ᵀ',
      '∂J/∂A0 = W1ᵀ·Δ1',
    ]);
    // A matrix, drawn under its equation.
    const at = lines.indexOf('Z1 = W1·A0 =');
    expect(lines.slice(at + 1, at + 5)).toEqual([
      '  ⎡ 1  1  1  1 ⎤',
      '  ⎢ 2  3  2  3 ⎥',
      '  ⎢ 3  4  4  5 ⎥',
      '  ⎣ 2  2  3  3 ⎦',
    ]);
    const dW3 = lines.indexOf('∂J/∂W3 = Δ3·A2ᵀ =');
    expect(lines.slice(dW3 + 1, dW3 + 3)).toEqual(['  ⎡ 0   0   0 ⎤', '  ⎣ 0  -1  -3 ⎦']);
  });

  it('the README shows the real output of the Appendix A trace', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const block = /<!-- appendix-a-trace -->\n```text\n([\s\S]*?)\n```/.exec(readme);
    expect(block, 'README.md has an appendix-a-trace block').not.toBeNull();
    expect(block![1]).toBe(appendixATrace().trace.format());
  });

  it('records one forward and one backward, then stops; the values are copies', () => {
    const { net, x, dLoss } = smallNetwork();
    const trace = net.trace();
    net.forward(x);
    expect(trace.complete).toBe(false);
    net.backward(dLoss);
    expect(trace.complete).toBe(true);
    const z1 = trace.get('Z1').toArray();
    const count = trace.entries.length;
    net.forward(randomBatch(2, 4, 9));
    net.backward(dLoss);
    expect(trace.entries).toHaveLength(count);
    expect(trace.get('Z1').toArray()).toEqual(z1);
  });

  it('names: a network ending in a Linear, ∂J/∂W of this pass alone', () => {
    const { net, x, dLoss } = smallNetwork();
    // A first pass accumulates a gradient that the trace must not include.
    net.forward(x);
    net.backward(dLoss);
    const trace = net.trace();
    net.forward(x);
    net.backward(dLoss);
    const [l0, , l2] = net.layers as [Linear, unknown, Linear];
    // The same pass twice: the layer's gradient is twice this pass's.
    const expectHalf = (traced: Tensor, accumulated: Tensor) => {
      const a = traced.toArray().flat();
      const b = accumulated.toArray().flat();
      expect(b.some((v) => v !== 0)).toBe(true);
      a.forEach((v, i) => {
        expect(v).toBeCloseTo(b[i]! / 2, 12);
      });
    };
    expectHalf(trace.get('∂J/∂W1'), l0.grad);
    expectHalf(trace.get('∂J/∂W2'), l2.grad);
    expect(trace.get('Ŷ').toArray()).toEqual(trace.get('Z2').toArray());
    expect(trace.get('Δ2').toArray()).toEqual(dLoss.toArray());
    expect(trace.format()).toContain('∂J/∂Ŷ = ∂J/∂Z2 = Δ2 =');
  });

  it('a user-written layer appears under its class name', () => {
    class Double implements Layer {
      forward(x: Tensor): Tensor {
        return x.backend.fill(x.backend.affine(x, 2), 1, 0, 1);
      }
      backward(d: Tensor): Tensor {
        return d.backend.fill(d.backend.affine(d, 2), 0, 0, 1);
      }
      parameters(): Parameter[] {
        return [];
      }
    }
    const net = new NeuralNetwork([new Linear(2, 2, { seed: 1 }), new Double()]);
    const trace = net.trace();
    net.forward(randomBatch(2, 2, 1));
    net.backward(randomWeights(3, 2, 2));
    const text = trace.format();
    expect(text).toContain('Layer 1 (Double)\nŶ = H2 = Double(Z1) =');
    expect(text).toContain('Layer 1 (Double)\n∂J/∂Z1 =');
  });

  it('get: an unknown name lists what was recorded', () => {
    const { trace } = appendixATrace();
    expect(() => trace.get('Z9')).toThrow(ValueError);
    expect(() => trace.get('Z9')).toThrow(/nothing called 'Z9' was recorded; recorded: A0, W1, Z1/);
  });
});
