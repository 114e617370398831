import { encodeSafetensors } from '@mfnet/layers';
import { createBackend } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { inferLayerSizes, ModelFileError, type Shapes } from '../src/worker/infer-sizes.js';
import { decodeModel } from '../src/worker/model-file.js';
import { buildNetwork } from '../src/worker/network.js';

/** The augmented weight shapes of a 784-…-10 chain, named as mfnet names them. */
function chain(sizes: number[]): Map<string, readonly [number, number]> {
  return new Map(
    sizes.slice(1).map((out, i) => [`layers.${2 * i}.weight`, [out + 1, sizes[i]! + 1] as const]),
  );
}

const infer = (shapes: Shapes, metadata?: Record<string, string>) =>
  inferLayerSizes('m.safetensors', shapes, metadata);

describe('inferLayerSizes', () => {
  it('reads the sizes off the augmented weights, whatever the hidden sizes', () => {
    expect(infer(chain([784, 32, 10]))).toEqual([784, 32, 10]);
    expect(infer(chain([784, 300, 100, 50, 10]))).toEqual([784, 300, 100, 50, 10]);
    expect(infer(chain([784, 10]))).toEqual([784, 10]);
    expect(
      infer(chain([784, 32, 10]), { app: 'mnist', sizes: '784,32,10', activation: 'relu' }),
    ).toEqual([784, 32, 10]);
  });

  it('says why a file cannot be an MNIST network', () => {
    const fails = (shapes: Shapes, message: string | RegExp, metadata?: Record<string, string>) => {
      expect(() => infer(shapes, metadata)).toThrow(ModelFileError);
      expect(() => infer(shapes, metadata)).toThrow(message);
    };
    fails(
      chain([784, 32, 5]),
      'm.safetensors holds a 784-32-5 network, but an MNIST network takes 784 inputs to 10 outputs',
    );
    fails(chain([100, 32, 10]), 'holds a 100-32-10 network');
    fails(new Map(), /no layers\.0\.weight; it holds no tensors/);
    fails(
      new Map([
        ['layers.0.weight', [33, 785] as const],
        ['layers.2.weight', [11, 40] as const],
      ]),
      'layers.2.weight takes 39 inputs, but layers.0 gives 32',
    );
    fails(
      new Map([...chain([784, 32, 10]), ['layers.1.weight', [3, 3] as const]]),
      'besides the Linear weights it has layers.1.weight',
    );
    fails(new Map([['conv.weight', [3, 3] as const]]), 'it holds conv.weight 3×3');
    fails(new Map([['layers.0.weight', [1, 785] as const]]), 'layers.0.weight is 1×785');
    fails(chain([784, 32, 10]), 'with tanh activations; the page builds ReLU networks only', {
      activation: 'tanh',
    });
    fails(
      chain([784, 32, 10]),
      'metadata says the sizes are 784,64,10, but its tensors are a 784-32-10 network',
      { sizes: '784,64,10' },
    );
  });
});

describe('decodeModel', () => {
  it('rebuilds the network with the file’s hidden sizes and its weights', () => {
    const backend = createBackend('cpu');
    const saved = buildNetwork([32], { backend, dtype: 'float64', seed: 3 });
    const bytes = encodeSafetensors(saved.stateDict());
    const { net, sizes, hidden } = decodeModel('m.safetensors', bytes, {
      backend,
      dtype: 'float64',
    });
    expect(sizes).toEqual([784, 32, 10]);
    expect(hidden).toEqual([32]);
    const a = saved.stateDict().get('layers.2.weight')!;
    const b = net.stateDict().get('layers.2.weight')!;
    expect(b.toArray()).toEqual(a.toArray());
  });

  it('gives a ModelFileError for bytes that are not safetensors', () => {
    const backend = createBackend('cpu');
    expect(() =>
      decodeModel('x.bin', new Uint8Array([1, 2, 3]), { backend, dtype: 'float64' }),
    ).toThrow(/x\.bin is not a usable safetensors file: .*truncated/);
  });
});
