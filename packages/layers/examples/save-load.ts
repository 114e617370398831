import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { loadSafetensors, saveSafetensors } from '@mfnet/layers/node';

const build = () => new NeuralNetwork([new Linear(4, 16), new ReLU(), new Linear(16, 3)]);
const net = build();
const path = join(tmpdir(), 'mfnet-example.safetensors');

// Tensors named layers.0.weight, layers.2.weight; F64 unless { dtype: 'F32' }.
await saveSafetensors(net, path, { metadata: { epochs: '10' } });

const copy = build(); // other random weights …
const metadata = await loadSafetensors(copy, path); // … replaced by the saved ones
console.log(metadata, [...copy.stateDict().keys()]);

export { copy, metadata, net };
