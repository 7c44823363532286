/**
 * Resolves imports for eslint-plugin-boundaries the way the compiler does: `@app/<lib>` through
 * tsconfig.json's paths, relative imports to their .ts files. TypeScript's own module resolution,
 * so that the boundaries checker sees the same files as `tsc`; packages are left to ESLint's default.
 * (The import/resolver interface, version 2: https://github.com/import-js/eslint-plugin-import/blob/main/resolvers/README.md)
 */
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
const cache = ts.createModuleResolutionCache(root, (name) => name, options);

exports.interfaceVersion = 2;

exports.resolve = (source, file) => {
  if (!source.startsWith('@app/') && !source.startsWith('.')) return { found: false };
  const resolved = ts.resolveModuleName(source, file, options, ts.sys, cache).resolvedModule;
  return resolved ? { found: true, path: resolved.resolvedFileName } : { found: false };
};
