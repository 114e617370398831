// A typedoc plugin: names each entry point's module after the import specifier a user writes
// (packages/tensor/src/conformance/index.ts → @mfnet/tensor/conformance) instead of its path.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const match = /^(?:packages\/)?([\w-]+)\/src(?:\/(.+))?$/.exec(reflection.name);
    if (match) reflection.name = `@mfnet/${match[1]}${match[2] ? `/${match[2]}` : ''}`;
  });
}
