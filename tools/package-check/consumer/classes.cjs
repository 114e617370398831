// Run from a folder where the packed @mfnet tarballs are installed (test/tarballs.test.ts):
// `require`s every public entry that has a require condition and checks that each class is one
// class across entries and packages. Prints "ok" and exits 0, or throws.
// With plain `node` (≥ 20.19) `require` loads the ESM files ("module-sync", require(esm)); with
// `node --no-experimental-require-module` it loads the CommonJS build.
const assert = require('node:assert/strict');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const tensor = require('@mfnet/tensor');
const tensorNode = require('@mfnet/tensor/node');
const gpujs = require('@mfnet/tensor/gpujs');
const layers = require('@mfnet/layers');
const layersNode = require('@mfnet/layers/node');
const layersOnnx = require('@mfnet/layers/onnx');
const losses = require('@mfnet/losses');
const optim = require('@mfnet/optim');
const data = require('@mfnet/data');
const dataNode = require('@mfnet/data/node');
const train = require('@mfnet/train');
const trainNode = require('@mfnet/train/node');

/** The error `fn` throws (or rejects with). */
async function caught(fn) {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  assert.fail(`${fn} did not throw`);
}

async function main() {
  // Tensors made by other packages and entries are the main entry's Tensor.
  const linear = new layers.Linear(3, 2);
  assert.ok(linear.weight instanceof tensor.Tensor, 'a Linear weight is a Tensor');
  const backend = gpujs.createGpujsBackend({ engine: 'cpu' });
  assert.ok(backend.zeros(2, 2) instanceof tensor.Tensor, 'a gpujs tensor is a Tensor');
  assert.ok(tensor.listBackends().includes('gpujs'), 'the gpujs entry registered its backend');
  assert.ok(
    tensorNode.ThreadedCpuBackend.prototype instanceof tensor.CpuBackend,
    'the node entry extends the main entry CpuBackend',
  );

  // An error thrown inside one entry is an instance of the main entry's classes.
  const dtype = await caught(() => backend.zeros(2, 2, 'int8'));
  assert.ok(dtype instanceof tensor.DTypeError, `gpujs: DTypeError, got ${dtype}`);
  assert.ok(dtype instanceof tensor.MfnetError, 'gpujs: MfnetError');

  const shape = await caught(() =>
    new losses.MSELoss().forward(tensor.zeros(2, 3), tensor.zeros(3, 2)),
  );
  assert.ok(shape instanceof tensor.MfnetError, `losses: MfnetError, got ${shape}`);

  const sgd = await caught(() => new optim.SGD([], { lr: -1 }));
  assert.ok(sgd instanceof tensor.MfnetError, `optim: MfnetError, got ${sgd}`);

  const header = await caught(() => layers.decodeSafetensors(new Uint8Array(3)));
  assert.ok(header instanceof layers.SafetensorsError, `layers: SafetensorsError, got ${header}`);
  assert.ok(header instanceof tensor.MfnetError, 'layers: MfnetError');

  const path = join(mkdtempSync(join(tmpdir(), 'mfnet-consumer-')), 'bad.safetensors');
  writeFileSync(path, new Uint8Array(3));
  const file = await caught(() =>
    layersNode.loadSafetensors(new layers.NeuralNetwork([linear]), path),
  );
  assert.ok(file instanceof layers.SafetensorsError, `layers/node: SafetensorsError, got ${file}`);

  // The onnx entry reads networks of the main entry: its Linear is the one it knows.
  const onnx = layersOnnx.exportOnnx(new layers.NeuralNetwork([linear]));
  assert.ok(onnx instanceof Uint8Array && onnx.length > 0, 'layers/onnx: exportOnnx gives bytes');

  const idx = await caught(() => dataNode.readIdx(new Uint8Array(2)));
  assert.ok(idx instanceof data.ParseError, `data/node: the main entry's ParseError, got ${idx}`);
  assert.ok(idx instanceof tensor.MfnetError, 'data/node: MfnetError');
  assert.equal(dataNode.DataLoader, data.DataLoader, 'data/node re-exports the same DataLoader');

  // train composes the five: a fit on their classes, its errors the main entry's classes.
  const net = new layers.NeuralNetwork([new layers.Linear(2, 1, { seed: 1 })]);
  const history = await train.fit(net, {
    data: {
      x: [
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      y: [1, 2, 3],
    },
    loss: new losses.MSELoss(),
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 2,
  });
  assert.equal(history.records.length, 2, 'train: fit ran 2 epochs');
  assert.ok(history.optimizer instanceof optim.SGD, 'train: the optimizer is optim’s SGD');
  const epochs = await caught(() => train.fit(net, { epochs: 0 }));
  assert.ok(epochs instanceof tensor.ValueError, `train: ValueError, got ${epochs}`);
  assert.equal(trainNode.fit, train.fit, 'train/node re-exports the same fit');
  assert.equal(trainNode.TrainingDivergedError, train.TrainingDivergedError);
  const checkpoint = await caught(() => trainNode.loadCheckpoint(path, net, history.optimizer));
  assert.ok(checkpoint instanceof trainNode.CheckpointError, `train/node: ${checkpoint}`);
  assert.ok(checkpoint instanceof tensor.MfnetError, 'train/node: MfnetError');

  // The ESM-only entries have no require condition.
  for (const entry of ['@mfnet/tensor/conformance', '@mfnet/tensor/testing']) {
    const error = await caught(() => require(entry));
    assert.equal(error.code, 'ERR_PACKAGE_PATH_NOT_EXPORTED', `${entry}: ${error}`);
  }
  console.log('ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
