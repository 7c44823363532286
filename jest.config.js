/** Four tiers: unit (pure rules), integration (services on real PostgreSQL), e2e (HTTP on real PostgreSQL and PGlite), reliability (faults and hostile input). */
const transform = { '^.+\\.ts$': ['@swc/jest', require('./scripts/swc-options')] };
/** ESM-only packages that Jest's CommonJS runtime cannot load on Node 20: compiled to CommonJS like our code. */
const ESM_ONLY_PACKAGES = ['content-disposition'];
transform['^.+\\.m?js$'] = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`];

const moduleNameMapper = {
  '^@app/migrations$': '<rootDir>/migrations',
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const common = { rootDir: __dirname, transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

/** Only the tiers that use PostgreSQL migrate its template database: the unit tier runs without a server. */
const onDatabase = { globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' };

module.exports = {
  maxWorkers: 2,
  // Generous: a loaded 2-core CI machine can take minutes to boot PGlite or Chromium; a passing test is not slowed.
  testTimeout: 300_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts'] },
    { ...common, ...onDatabase, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...common, ...onDatabase, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Faults and hostile input, each probe once found by hand made a test here so that it cannot come back.
    { ...common, ...onDatabase, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'] },
  ],
};
