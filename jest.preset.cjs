// Shared jest settings: ts-jest compiles TypeScript to CommonJS; NestJS 12 (ESM-only)
// is then loaded through Node 24's require(esm), which jest allows under
// NODE_OPTIONS=--experimental-vm-modules (set by scripts/test.sh). Tests are transpiled
// file by file (isolatedModules); `nx run-many -t build lint` does the type checking.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@charts-vibe/shared$': path.join(__dirname, 'libs/shared/src/index.ts'),
    '^@charts-vibe/shared/testing$': path.join(__dirname, 'libs/shared/src/testing/index.ts'),
    '^@charts-vibe/shared/tracing$': path.join(__dirname, 'libs/shared/src/observability/register.ts'),
    '^@charts-vibe/fakes/(.*)$': path.join(__dirname, 'libs/fakes/src/$1'),
  },
  globalSetup: path.join(__dirname, 'tests/setup/global-setup.mjs'),
  globalTeardown: path.join(__dirname, 'tests/setup/global-teardown.mjs'),
  setupFiles: [path.join(__dirname, 'tests/setup/per-file.cjs')],
  testTimeout: 60_000,
};
