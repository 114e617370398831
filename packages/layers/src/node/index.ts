export { loadTorchSafetensors, saveOnnx, saveTorchSafetensors } from './export-files.js';
export { loadSafetensors, readSafetensors, saveSafetensors } from './safetensors-file.js';
