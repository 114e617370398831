export { loadSafetensors, readSafetensors, saveSafetensors } from './safetensors-file.js';
