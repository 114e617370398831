export {
  ACTIVATION_KINDS,
  type ActivationKind,
  type Backend,
  type BackendFactory,
  BINARY_OPS,
  type BinaryOp,
  type CrossEntropyResult,
  LEAKY_RELU_SLOPE,
  type MatmulOptions,
  UNARY_OPS,
  type UnaryOp,
} from './backend.js';
export {
  checkAllFinite,
  checkDims,
  checkFinite,
  checkOut,
  checkOwnership,
  checkSameShape,
} from './checks.js';
export { CpuBackend, type CpuBackendOptions, createCpuBackend } from './cpu/cpu-backend.js';
export {
  type CreateOptions,
  eye,
  type FlatOptions,
  full,
  ones,
  type RandomOptions,
  rand,
  randn,
  tensor,
  zeros,
} from './create.js';
export { type BackendLike, CheckedBackend, checkedBackend } from './door.js';
export { isCheckedBackend } from './door-brand.js';
export {
  assertDType,
  DEFAULT_DTYPE,
  DTYPES,
  type DType,
  type HostArray,
  hostArray,
} from './dtype.js';
export {
  BackendError,
  DTypeError,
  formatShape,
  MfnetError,
  ShapeError,
  ValueError,
} from './errors.js';
export { expectTensor, NotATensorError } from './expect-tensor.js';
export { type GradcheckOptions, type GradcheckResult, gradcheck } from './gradcheck.js';
export type { BackendKernels, MatmulSettings } from './kernels.js';
export type { Parameter } from './parameter.js';
export {
  createBackend,
  getBackend,
  listBackends,
  registerBackend,
  setBackend,
} from './registry.js';
export { defaultRng, manualSeed, Rng } from './rng.js';
export { SCRATCH_POOL_CAPACITY, ScratchPool } from './scratch-pool.js';
export { Tensor } from './tensor.js';
