// Lets a child `node` process run the workspace's TypeScript sources as the tests do (vitest
// aliases): `@ldn-twin/*` resolve to the packages' src, and `./x.js` imports to `./x.ts`.
import { registerHooks } from 'node:module';

const packages = new URL('../../../', import.meta.url);
const ALIASES = {
  '@ldn-twin/core': 'core/src/index.ts',
  '@ldn-twin/geo': 'geo/src/index.ts',
  '@ldn-twin/store': 'store/src/index.ts',
};

registerHooks({
  resolve(specifier, context, next) {
    const alias = ALIASES[specifier];
    if (alias !== undefined) return { url: new URL(alias, packages).href, shortCircuit: true };
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) {
        return next(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
});
