import { Identity, Linear, NeuralNetwork } from '@mfnet/layers';
import { tensor } from '@mfnet/tensor';

// The network of the paper's Appendix A, with the weights corrected in spec-notes.md.
const net = new NeuralNetwork([
  new Linear(2, 3, {
    weight: [
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
    ],
  }),
  new Identity(),
  new Linear(3, 2, {
    weight: [
      [1, 0, 0, 0],
      [1, 1, 0, 1],
      [-1, 1, 2, -2],
    ],
  }),
  new Identity(),
  new Linear(2, 1, {
    weight: [
      [1, 0, 0],
      [0, 1, -1],
    ],
  }),
  new Identity(),
]);
const a0 = tensor([
  [1, 1, 1, 1],
  [1, 1, 2, 2],
  [2, 3, 2, 3],
]);
const y = tensor([
  [1, 1, 1, 1],
  [1, 1, 2, 2],
]);

const trace = net.trace(); // records the next forward and backward pass
const yHat = net.forward(a0);
const b = yHat.backend;
const diff = b.binary('sub', yHat, y);
trace.setLoss(b.dot(diff, diff) / yHat.cols); // MSE, J = 1
net.backward(b.affine(diff, 2 / yHat.cols)); // ∂J/∂Ŷ = (2/m)(Ŷ − Y)
console.log(trace.format());

export { trace };
