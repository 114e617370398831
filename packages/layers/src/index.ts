export { Activation, Identity, LeakyReLU, ReLU, Sigmoid, Tanh } from './activation.js';
export { joinAugmentedWeight, splitAugmentedWeight } from './augmented-weight.js';
export { SafetensorsError, StateDictError } from './errors.js';
export { formatMatrix } from './format-matrix.js';
export { INIT_SCHEMES, type InitScheme } from './init.js';
export type { Layer, LayerSizes } from './layer.js';
export { Linear, type LinearOptions } from './linear.js';
export { type BackwardOptions, NeuralNetwork } from './neural-network.js';
export {
  type DecodeSafetensorsOptions,
  decodeSafetensors,
  type EncodeSafetensorsOptions,
  encodeSafetensors,
  MAX_HEADER_BYTES,
  type SafetensorsContents,
  type SafetensorsDType,
} from './safetensors.js';
export type { StateDict, StateDictLike } from './state-dict.js';
export {
  encodeTorchSafetensors,
  loadTorchStateDict,
  torchStateDict,
} from './torch-state-dict.js';
export { Trace, type TraceEntry, type TraceFormatOptions } from './trace.js';
