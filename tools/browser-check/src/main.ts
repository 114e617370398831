import { type ConformanceReport, runConformance } from './conformance.js';
import { type TrainResult, train } from './train.js';

declare global {
  interface Window {
    mfnetResult?: TrainResult | ConformanceReport | { error: string };
  }
}

// `?conformance` runs the backend conformance suite instead of the training.
// Run after the page has loaded, so that a long computation does not hold up the load event.
setTimeout(() => {
  const output = document.getElementById('result');
  try {
    const result = location.search.includes('conformance') ? runConformance() : train();
    window.mfnetResult = result;
    if (output) output.textContent = JSON.stringify(result, null, 2);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    window.mfnetResult = { error: message };
    if (output) output.textContent = message;
  }
}, 0);
