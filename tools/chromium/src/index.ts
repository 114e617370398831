// playwright-core's types, so that users need no dependency of their own for them.
export type { Browser, BrowserContext, Page } from 'playwright-core';
export {
  type ChromiumExecutable,
  type ChromiumSource,
  chromiumExecutable,
  SYSTEM_CHROMIUM,
} from './executable.js';
export { chromiumLibraryPath, defaultCacheDir, extractRegistryChromium } from './extract.js';
export { CHROMIUM_ARGS } from './flags.js';
export { type LaunchedChromium, launchChromium } from './launch.js';
export { type WebglInfo, webglInfo } from './webgl.js';
