const preset = require('../../jest.preset.cjs');
module.exports = { ...preset, rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
