import type { Page } from 'playwright-core';

/** What a page's WebGL2 context runs on. */
export interface WebglInfo {
  /** Whether the page could create a WebGL2 context at all. */
  webgl2: boolean;
  /** The unmasked renderer, e.g. `ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))`. */
  renderer: string;
  vendor: string;
}

/** The WebGL2 renderer of `page` (from WEBGL_debug_renderer_info where the browser has it). */
export async function webglInfo(page: Page): Promise<WebglInfo> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl === null) return { webgl2: false, renderer: '', vendor: '' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    return {
      webgl2: true,
      renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
      vendor: String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR)),
    };
  });
}
