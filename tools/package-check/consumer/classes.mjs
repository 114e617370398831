// Run from a folder where the packed @mfnet tarballs are installed (test/tarballs.test.ts):
// `import`s every public entry and checks that each class is one class across entries and
// packages, and across `import` and `require` of one entry. Prints "ok" and exits 0, or throws.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as data from '@mfnet/data';
import * as dataNode from '@mfnet/data/node';
import * as layers from '@mfnet/layers';
import * as layersNode from '@mfnet/layers/node';
import * as layersOnnx from '@mfnet/layers/onnx';
import * as losses from '@mfnet/losses';
import * as optim from '@mfnet/optim';
import * as tensor from '@mfnet/tensor';
import * as conformance from '@mfnet/tensor/conformance';
import * as gpujs from '@mfnet/tensor/gpujs';
import * as tensorNode from '@mfnet/tensor/node';
import * as testing from '@mfnet/tensor/testing';
import * as train from '@mfnet/train';
import * as trainNode from '@mfnet/train/node';

function caught(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail(`${fn} did not throw`);
}

const backend = gpujs.createGpujsBackend({ engine: 'cpu' });
assert.ok(backend.zeros(2, 2) instanceof tensor.Tensor, 'a gpujs tensor is a Tensor');
assert.ok(new layers.Linear(3, 2).weight instanceof tensor.Tensor, 'a Linear weight is a Tensor');
assert.ok(tensorNode.ThreadedCpuBackend.prototype instanceof tensor.CpuBackend);

const dtype = caught(() => backend.zeros(2, 2, 'int8'));
assert.ok(dtype instanceof tensor.DTypeError, `gpujs: DTypeError, got ${dtype}`);
assert.ok(dtype instanceof tensor.MfnetError, 'gpujs: MfnetError');
const shape = caught(() => new losses.MSELoss().forward(tensor.zeros(2, 3), tensor.zeros(3, 2)));
assert.ok(shape instanceof tensor.MfnetError, `losses: MfnetError, got ${shape}`);
assert.ok(caught(() => new optim.SGD([], { lr: -1 })) instanceof tensor.MfnetError, 'optim');
const idx = caught(() => dataNode.readIdx(new Uint8Array(2)));
assert.ok(idx instanceof data.ParseError && idx instanceof tensor.MfnetError, `data/node: ${idx}`);
assert.equal(typeof layersNode.saveSafetensors, 'function');
assert.ok(layersOnnx.exportOnnx(new layers.NeuralNetwork([new layers.Linear(2, 1)])).length > 0);

// The conformance entry checks a backend made by the main entry; testing's counting backend
// wraps one.
const failures = conformance.checkConformance({
  name: 'cpu',
  makeBackend: () => tensor.createBackend('cpu'),
  dtype: 'float64',
});
assert.deepEqual(failures, [], 'the CPU backend conforms');
assert.equal(typeof testing.countingBackend, 'function');

// `require` of the same entry in the same process gives the same classes (Node ≥ 20.19 loads
// the ESM files for both: the "module-sync" condition).
const require = createRequire(import.meta.url);
assert.equal(require('@mfnet/tensor').Tensor, tensor.Tensor, 'import and require: one Tensor');
assert.equal(require('@mfnet/tensor/gpujs').GpujsBackend, gpujs.GpujsBackend);
assert.equal(trainNode.fit, train.fit, 'train/node re-exports the same fit');
assert.equal(require('@mfnet/train').TrainingDivergedError, train.TrainingDivergedError);
assert.equal(require('@mfnet/train/node').CheckpointError, trainNode.CheckpointError);
const epochs = await train.fit(null, { epochs: 0 }).catch((error) => error);
assert.ok(epochs instanceof tensor.ValueError, `train: ValueError, got ${epochs}`);
console.log('ok');
