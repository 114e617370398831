import { type Layer, Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { gradcheck, type Parameter, randn, type Tensor } from '@mfnet/tensor';

/** Multiplies the features by a constant. Row 0, the bias row, stays 1 forward and 0 backward. */
class Scale implements Layer {
  /** What the network shows in `toString()`, traces and errors. */
  readonly label: string;
  /** Its output is as large as its input, so the chain check sees through it. */
  readonly sizes = 'same';

  constructor(private readonly factor: number) {
    this.label = `Scale(${factor})`;
  }

  forward(x: Tensor): Tensor {
    const out = x.backend.affine(x, this.factor);
    return x.backend.fill(out, 1, 0, 1);
  }

  backward(dOut: Tensor): Tensor {
    const dIn = dOut.backend.affine(dOut, this.factor);
    return dOut.backend.fill(dIn, 0, 0, 1);
  }

  parameters(): Parameter[] {
    return []; // a layer with weights returns { name, value, grad, fixedRow0 } for each
  }
}

const net = new NeuralNetwork([new Linear(3, 4), new Scale(0.5), new ReLU(), new Linear(4, 2)]);

// Check the new layer's gradient against finite differences, with J = Σ Ŷ² (bias row excluded).
const x = randn(4, 5, { seed: 1 });
x.backend.fill(x, 1, 0, 1);
const J = (): number => {
  const yHat = net.forward(x);
  return yHat.backend.dot(yHat, yHat) - yHat.cols; // minus the bias row's Σ 1²
};
const yHat = net.forward(x);
const dY = yHat.backend.fill(yHat.backend.affine(yHat, 2), 0, 0, 1); // ∂J/∂Ŷ = 2Ŷ, row 0 zero
const dX = net.backward(dY);
const result = gradcheck(J, [x], [x.backend.copy(dX, x.backend.zeros(...dX.shape))]);
console.log(`gradcheck ok: ${result.ok}, max error ${result.maxAbsError.toExponential(1)}`);

export { result };
