import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear, NeuralNetwork, ReLU, Sigmoid } from '@mfnet/layers';
import { loadTorchSafetensors, saveOnnx, saveTorchSafetensors } from '@mfnet/layers/node';
import { tensor } from '@mfnet/tensor';
import * as ort from 'onnxruntime-node';

const build = () =>
  new NeuralNetwork([new Linear(3, 8), new ReLU(), new Linear(8, 2), new Sigmoid()]);
const net = build();

// ONNX: input "input" [batch, 3], output "output" [batch, 2], float64 like the network.
const onnxPath = join(tmpdir(), 'mfnet-example.onnx');
await saveOnnx(net, onnxPath);
const session = await ort.InferenceSession.create(onnxPath);
const x = [0.5, -1, 2]; // one sample
const feeds = { input: new ort.Tensor('float64', Float64Array.from(x), [1, 3]) };
const { output } = await session.run(feeds);

// mfnet's forward takes features × samples, with the bias row of ones on top.
const ours = net.forward(tensor([[1], ...x.map((v) => [v])]));
console.log(output!.data, ours.toTypedArray().slice(1)); // the same two numbers

// PyTorch's names (0.weight, 0.bias, 2.weight, 2.bias), and back into a network.
const torchPath = join(tmpdir(), 'mfnet-example.torch.safetensors');
await saveTorchSafetensors(net, torchPath);
const copy = build();
await loadTorchSafetensors(copy, torchPath);

export { copy, net, ours, output };
