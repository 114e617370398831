/**
 * The command-line switches every headless Chromium of this repository starts with, in one place.
 * Headless itself is playwright's `headless: true`.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  // Tests and benchmarks run as root in containers, where Chromium's sandbox cannot start.
  '--no-sandbox',
  // WebGL2 on SwiftShader (ANGLE over SwiftShader's Vulkan), Chromium's CPU implementation of GL:
  // present without a GPU or a display, and the same on every machine.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  // No traffic of its own: the machines that run the tests reach nothing outside.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
];
