import { formatShape, ShapeError, type Tensor, ValueError } from '@mfnet/tensor';

/**
 * The checks every layer's backward makes of its argument, in one place: a forward came first,
 * and the gradient has the shape of that forward's output. Messages name the layer, the call
 * and the gradient (`ReLU: backward got ∂J/∂A of shape [3×2], expected [3×4] …`).
 */
export function checkBackwardInput(
  label: string,
  op: string,
  what: string,
  dOut: Tensor,
  input: Tensor | undefined,
  outputShape: (input: Tensor) => readonly [number, number],
): Tensor {
  if (input === undefined) {
    throw new ValueError(`${label}: ${op} was called before forward`);
  }
  const [rows, cols] = outputShape(input);
  if (dOut.rows !== rows || dOut.cols !== cols) {
    throw new ShapeError(
      `${label}: ${op} got ${what} of shape ${formatShape(dOut.shape)}, expected ` +
        `${formatShape([rows, cols])} (the shape of the last forward's output)`,
    );
  }
  return input;
}
