import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { manualSeed, tensor } from '@mfnet/tensor';

manualSeed(0); // weights are drawn from the seedable default generator

// Linear(2→8) + ReLU + Linear(8→1); each Linear holds an augmented (nOut+1)×(nIn+1) weight.
const net = new NeuralNetwork([new Linear(2, 8), new ReLU(), new Linear(8, 1)]);

// Four samples as columns, features as rows; row 0 is the bias row of ones.
const x = tensor([
  [1, 1, 1, 1],
  [0, 0, 1, 1],
  [0, 1, 0, 1],
]);
const y = tensor([
  [1, 1, 1, 1],
  [0, 1, 1, 2], // y = x₁ + x₂
]);

const b = x.backend;
let loss = Number.NaN;
for (let step = 0; step < 500; step++) {
  net.zeroGrad();
  const yHat = net.forward(x);
  const diff = b.binary('sub', yHat, y);
  loss = b.dot(diff, diff) / x.cols; // MSE (Eq. 4.1); @mfnet/losses has MSELoss
  net.backward(b.affine(diff, 2 / x.cols)); // ∂J/∂Ŷ = (2/m)(Ŷ − Y), Eq. 4.2
  for (const p of net.parameters()) b.axpby(-0.1, p.grad, 1, p.value); // W ← W − η·∂J/∂W
}
console.log(`loss after 500 steps: ${loss.toExponential(2)}`);
console.log(net.forward(x).toString());

export { loss };
