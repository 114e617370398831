import { runBrowserProfile } from './browser/run-page.js';

/**
 * `npx tsx src/profile-gpujs.ts [steps]`: the gpu.js backend's MNIST step in headless Chromium,
 * kernel by kernel (browser/src/profile.ts), and gpu.js's cost per kernel call.
 */
const steps = Number(process.argv[2] ?? 20);
const result = await runBrowserProfile({ steps, log: (line) => console.log(line) });
const { kernels, overhead } = result;
console.log(`${result.renderer}; Chromium ${result.chromium.version}; ${steps} profiled steps`);
console.log(`step ${result.stepMs.toFixed(2)} ms unfenced, ${result.kernelsPerStep} kernels`);
let callTotal = 0;
let gpuTotal = 0;
for (const k of kernels) {
  callTotal += k.callMs;
  gpuTotal += k.gpuMs;
  console.log(
    `${String(k.index).padStart(3)} ${k.gpuMs.toFixed(3).padStart(7)} ms ${k.callMs.toFixed(3).padStart(6)} js  ${k.output.padEnd(9)} ${k.name}`,
  );
}
console.log(`sum: ${gpuTotal.toFixed(2)} ms fenced, ${callTotal.toFixed(2)} ms in the calls`);
console.log(
  `per call: gpu.js ${overhead.gpujsCallReuse.toFixed(3)} ms (output texture reused), ` +
    `${overhead.gpujsCallNewTexture.toFixed(3)} ms (new output texture), raw WebGL2 draw ` +
    `${overhead.rawDraw.toFixed(3)} ms; fence ${overhead.fence.toFixed(3)} ms`,
);
console.log(JSON.stringify(result.stats));
