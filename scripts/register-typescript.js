/**
 * Runs the project's TypeScript without a build: `node -r ./scripts/register-typescript.js file.ts`
 * (benchmarks, child servers of tests, and worker threads started from the sources).
 * @swc/core compiles each .ts file to CommonJS on require, with Jest's options (swc-options.js),
 * and `@app/<lib>` resolves to `libs/<lib>/src` like the tsconfig paths.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..');
const swcOptions = { ...require('./swc-options'), sourceMaps: 'inline' };

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...swcOptions, filename });
  module._compile(code, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAppPaths(request, ...rest) {
  if (request === '@app/migrations') return resolveFilename.call(this, join(root, 'migrations'), ...rest);
  const library = /^@app\/([a-z-]+)$/.exec(request);
  if (library) return resolveFilename.call(this, join(root, 'libs', library[1], 'src'), ...rest);
  return resolveFilename.call(this, request, ...rest);
};
