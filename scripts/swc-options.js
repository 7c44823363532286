/** How @swc/core compiles the project's TypeScript, for Jest (jest.config.js) and for runs without a build (register-typescript.js). */
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};
