import { CLASSES, PIXELS } from '../data/mnist.js';

/** A model file that cannot be used, with a message for the page. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** A tensor's rows and columns, as the safetensors header gives them. */
export type Shapes = ReadonlyMap<string, readonly [rows: number, cols: number]>;

/**
 * The layer sizes (784, hidden…, 10) of the MNIST network a model file holds, inferred from its
 * tensor shapes: mfnet writes a stack of Linear layers with an activation between each two
 * (`layers.0`, `layers.2`, … are Linear; the odd ones have no weights), and each Linear's
 * `weight` is its augmented (out+1)×(in+1) matrix (Sec. 5.1), so layer i maps cols−1 inputs to
 * rows−1 outputs. A ModelFileError, naming the file and what it holds, when the tensors are not
 * such a chain, when it does not take 784 inputs to 10 outputs, or when its metadata (as
 * `pnpm mnist` and the page write it) says it is not a ReLU network of these sizes.
 */
export function inferLayerSizes(
  name: string,
  shapes: Shapes,
  metadata: Readonly<Record<string, string>> = {},
): number[] {
  const held = () =>
    [...shapes.entries()].map(([k, [r, c]]) => `${k} ${r}×${c}`).join(', ') || 'no tensors';
  const notChain = (why: string) =>
    new ModelFileError(
      `${name} is not a network of Linear layers as mfnet writes them (layers.0.weight, ` +
        `layers.2.weight, …): ${why}; it holds ${held()}`,
    );
  const sizes: number[] = [];
  for (let i = 0; shapes.has(`layers.${2 * i}.weight`); i++) {
    const [rows, cols] = shapes.get(`layers.${2 * i}.weight`)!;
    if (rows < 2 || cols < 2) throw notChain(`layers.${2 * i}.weight is ${rows}×${cols}`);
    if (i === 0) sizes.push(cols - 1);
    else if (sizes.at(-1) !== cols - 1) {
      throw notChain(
        `layers.${2 * i}.weight takes ${cols - 1} inputs, but layers.${2 * i - 2} gives ${sizes.at(-1)}`,
      );
    }
    sizes.push(rows - 1);
  }
  if (sizes.length === 0) throw notChain('it has no layers.0.weight');
  if (shapes.size !== sizes.length - 1) {
    const others = [...shapes.keys()].filter((k) => !/^layers\.\d*[02468]\.weight$/.test(k));
    throw notChain(`besides the Linear weights it has ${others.join(', ') || 'gaps'}`);
  }
  const network = sizes.join('-');
  if (sizes[0] !== PIXELS || sizes.at(-1) !== CLASSES) {
    throw new ModelFileError(
      `${name} holds a ${network} network, but an MNIST network takes ${PIXELS} inputs to ${CLASSES} outputs`,
    );
  }
  if (metadata.activation !== undefined && metadata.activation !== 'relu') {
    throw new ModelFileError(
      `${name} holds a ${network} network with ${metadata.activation} activations; the page builds ReLU networks only`,
    );
  }
  if (metadata.sizes !== undefined && metadata.sizes.split(',').join('-') !== network) {
    throw new ModelFileError(
      `${name}'s metadata says the sizes are ${metadata.sizes}, but its tensors are a ${network} network`,
    );
  }
  return sizes;
}
