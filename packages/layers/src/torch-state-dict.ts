import type { DType, Tensor } from '@mfnet/tensor';
import { joinAugmentedWeight, splitAugmentedWeight } from './augmented-weight.js';
import { StateDictError } from './errors.js';
import { type Layer, layerLabel } from './layer.js';
import { Linear } from './linear.js';
import type { NeuralNetwork } from './neural-network.js';
import { type EncodeSafetensorsOptions, encodeSafetensors } from './safetensors.js';
import { type StateDict, type StateDictLike, stateDictEntries } from './state-dict.js';

/**
 * PyTorch's names for a network's parameters: the network as a `torch.nn.Sequential` of the
 * same layers in the same order (Linear → `nn.Linear`, ReLU → `nn.ReLU` …), so that layer i's
 * weight is `<i>.weight`, W̃ = W[1:, 1:] (out × in, as `nn.Linear` stores it), and its bias
 * `<i>.bias`, b = W[1:, 0] (a 1×nOut tensor here; a 1-D [nOut] one in the file).
 */
export function torchStateDict(net: NeuralNetwork): StateDict {
  const dict: StateDict = new Map();
  net.layers.forEach((layer, i) => {
    if (!isTorchLinear('torchStateDict', layer, i)) return;
    const { weight, bias } = splitAugmentedWeight(layer);
    const { backend, dtype, nIn, nOut } = layer;
    dict.set(`${i}.weight`, backend.fromHost(weight, nOut, nIn, dtype));
    dict.set(`${i}.bias`, backend.fromHost(bias, 1, nOut, dtype));
  });
  return dict;
}

/**
 * Whether `layer` is a Linear, the one layer with parameters that PyTorch names here (as
 * `nn.Linear`); a parameter-free layer is skipped, any other layer with parameters (one of your
 * own) is a `StateDictError`: its weights would silently be left out. An exporter knows the
 * layer kinds it maps, so this is a class check, not part of the `Layer` interface.
 */
function isTorchLinear(op: string, layer: Layer, i: number): layer is Linear {
  if (layer instanceof Linear) return true;
  if (layer.parameters().length === 0) return false;
  throw new StateDictError(
    `${op}: layers.${i} (${layerLabel(layer)}) has parameters, but PyTorch's names are known ` +
      'only for Linear (nn.Linear); save such a network with stateDict() / encodeSafetensors',
  );
}

/**
 * The network as a safetensors file with PyTorch's names (`0.weight`, `0.bias`, `2.weight` …;
 * biases 1-D), which `model.load_state_dict(safetensors.torch.load_file(path))` accepts for
 * the matching `torch.nn.Sequential` in the same dtype (`float64` → `.double()`).
 */
export function encodeTorchSafetensors(
  net: NeuralNetwork,
  options: Omit<EncodeSafetensorsOptions, 'shapes'> = {},
): Uint8Array {
  const dict = torchStateDict(net);
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of dict) if (name.endsWith('.bias')) shapes[name] = [t.size];
  return encodeSafetensors(dict, { ...options, shapes });
}

/**
 * Loads a PyTorch state dict with `torch.nn.Sequential` names (see `torchStateDict`) into
 * `net`: every Linear's `<i>.weight` (out × in) and `<i>.bias` must be there with the layer's
 * shapes, and nothing else. The first mismatch is a `StateDictError`; nothing changes then.
 * Values in another dtype are converted to the network's.
 */
export function loadTorchStateDict(net: NeuralNetwork, dict: StateDictLike): void {
  const entries = new Map(stateDictEntries(dict));
  const augmented = new Map<string, Tensor>();
  const expected = new Set<string>();
  net.layers.forEach((layer, i) => {
    if (!isTorchLinear('loadTorchStateDict', layer, i)) return;
    const names = { weight: `${i}.weight`, bias: `${i}.bias` };
    for (const name of [names.weight, names.bias]) {
      expected.add(name);
      if (!entries.has(name)) {
        throw new StateDictError(
          `loadTorchStateDict: '${name}' (${layer.label}) is missing from the state dict, ` +
            `which has ${[...entries.keys()].map((k) => `'${k}'`).join(', ') || 'no entries'}`,
        );
      }
    }
    let values: Float64Array;
    try {
      values = joinAugmentedWeight(
        names,
        layer,
        entries.get(names.weight)!,
        entries.get(names.bias)!,
      );
    } catch (error) {
      if (error instanceof StateDictError) {
        throw new StateDictError(
          `loadTorchStateDict: ${layer.label} at layers.${i}: ${error.message}`,
        );
      }
      throw error;
    }
    const dtype: DType = layer.dtype;
    augmented.set(
      `layers.${i}.weight`,
      layer.backend.fromHost(values, layer.nOut + 1, layer.nIn + 1, dtype),
    );
  });
  for (const name of entries.keys()) {
    if (!expected.has(name)) {
      throw new StateDictError(
        `loadTorchStateDict: the state dict has '${name}', which is no parameter of the network ` +
          `as a torch.nn.Sequential (its parameters: ${[...expected].map((k) => `'${k}'`).join(', ') || 'none'})`,
      );
    }
  }
  net.loadStateDict(augmented);
}
